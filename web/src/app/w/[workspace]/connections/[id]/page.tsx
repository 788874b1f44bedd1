import { ConnectionScreen } from "~/components/connections/connection-screen";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const metadata = { title: "Connection · Switchyard" };

export default async function ConnectionPage({ params }: { params: Promise<{ workspace: string; id: string }> }) {
  const { workspace: slug, id } = await params;
  const { workspace } = await workspacePage(slug);
  return <ConnectionScreen workspace={workspace.slug} id={id} canEdit={hasRole(workspace.role, "editor")} />;
}
