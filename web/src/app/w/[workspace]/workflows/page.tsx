import { WorkflowsScreen } from "~/components/workflows/workflows-screen";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

export default async function WorkflowsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  const page = await workspacePage(workspace);
  return <WorkflowsScreen workspace={workspace} canEdit={hasRole(page.workspace.role, "editor")} />;
}
