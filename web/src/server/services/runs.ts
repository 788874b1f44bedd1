import type { Db } from "@switchyard/db";
import type { StepDefinition } from "@switchyard/workflows/definition";
import { ApiError } from "../http/errors";

export interface StepView {
  status: string;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  output: unknown;
  error: unknown;
  blockedBy: string | null;
  reason: string | null;
}

export interface RunView {
  id: string;
  workflow: string;
  version: number;
  status: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  steps: Record<string, StepView>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A run as the API shows it; other workspaces' runs are indistinguishable from missing ones. */
export async function getRun(db: Db, workspaceId: string, runId: string): Promise<RunView> {
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId },
    include: { workflow: { select: { slug: true } }, version: { select: { version: true, definition: true } }, steps: true },
  });
  if (!run) throw new ApiError(404, "not_found", `No run ${runId} in this workspace.`);

  const recorded = new Map(run.steps.map((s) => [s.stepId, s]));
  const { steps: defined } = run.version.definition as { steps: StepDefinition[] };
  // Every step of the pinned definition appears, in definition order, even before it starts.
  const steps = Object.fromEntries(
    defined.map(({ id }) => {
      const s = recorded.get(id);
      const view: StepView = {
        status: s?.status ?? "pending",
        attempts: s?.attempts ?? 0,
        startedAt: iso(s?.startedAt ?? null),
        endedAt: iso(s?.endedAt ?? null),
        output: s?.output ?? null,
        error: s?.error ?? null,
        blockedBy: s?.blockedBy ?? null,
        reason: s?.reason ?? null,
      };
      return [id, view];
    }),
  );
  return {
    id: run.id,
    workflow: run.workflow.slug,
    version: run.version.version,
    status: run.status,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    steps,
  };
}
