import { WorkflowEditor } from "~/components/editor/workflow-editor";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ workspace: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The editor; viewers get it read-only (the save procedure refuses them anyway). */
export default async function EditWorkflowPage({ params, searchParams }: Props) {
  const { workspace, slug } = await params;
  const { sampleFromRun } = await searchParams;
  const page = await workspacePage(workspace);
  return (
    <WorkflowEditor
      workspace={workspace}
      slug={slug}
      canEdit={hasRole(page.workspace.role, "editor")}
      sampleRunId={typeof sampleFromRun === "string" && sampleFromRun ? sampleFromRun : undefined}
    />
  );
}
