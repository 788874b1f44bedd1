import { ConnectScreen } from "~/components/connections/connect-screen";
import { EmptyState } from "~/components/ui/states";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const metadata = { title: "Connect · Switchyard" };

export default async function ConnectPage({ params }: { params: Promise<{ workspace: string; connector: string }> }) {
  const { workspace: slug, connector } = await params;
  const { workspace } = await workspacePage(slug);
  if (!hasRole(workspace.role, "editor"))
    return (
      <EmptyState title="Adding connections needs the editor role">
        Ask an admin of {workspace.name} to connect this account, or to make you an editor.
      </EmptyState>
    );
  return <ConnectScreen workspace={workspace.slug} connector={connector} />;
}
