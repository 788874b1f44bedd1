import { ConnectorCatalog } from "~/components/connections/connector-catalog";
import { workspacePage } from "~/server/auth/landing";

export const metadata = { title: "Add a connection · Switchyard" };

export default async function NewConnectionPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await workspacePage((await params).workspace);
  return <ConnectorCatalog workspace={workspace.slug} />;
}
