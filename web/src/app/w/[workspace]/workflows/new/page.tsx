import { WorkflowEditor } from "~/components/editor/workflow-editor";
import { ErrorState } from "~/components/ui/states";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

/** A fresh workflow in the editor; its first save creates it under the slug given. */
export default async function NewWorkflowPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  const page = await workspacePage(workspace);
  if (!hasRole(page.workspace.role, "editor"))
    return <ErrorState error={{ message: "Only editors, admins and owners create workflows." }} />;
  return <WorkflowEditor workspace={workspace} canEdit />;
}
