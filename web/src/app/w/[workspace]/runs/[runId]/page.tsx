import { notFound } from "next/navigation";
import { RunScreen } from "~/components/runs/run-screen";
import { env } from "~/env";
import { hasRole } from "~/lib/roles";
import { workspacePage } from "~/server/auth/landing";
import { services } from "~/server/context";
import { runInWorkspace } from "~/server/services/run-detail";

/** The execution in the Temporal Web UI: the interpreter's workflow id is `run-<runId>`. */
const temporalUrl = (runId: string) =>
  `${env.TEMPORAL_UI_URL.replace(/\/$/, "")}/namespaces/${encodeURIComponent(env.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(`run-${runId}`)}`;

export default async function RunPage({ params }: { params: Promise<{ workspace: string; runId: string }> }) {
  const { workspace, runId } = await params;
  const page = await workspacePage(workspace);
  // Another workspace's run is a 404, like a missing one, before anything of it is rendered.
  if (!(await runInWorkspace(services().db, page.workspace.id, runId))) notFound();
  return (
    <RunScreen
      workspace={workspace}
      runId={runId}
      canEdit={hasRole(page.workspace.role, "editor")}
      temporalUrl={temporalUrl(runId)}
    />
  );
}
