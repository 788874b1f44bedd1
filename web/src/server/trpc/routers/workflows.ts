import { checkpointStats } from "../../services/checkpoint-stats";
import { pageQuery } from "../../services/pagination";
import { stepDurations, workflowParallelism } from "../../services/parallelism";
import { applyWorkflow, getWorkflow, listWorkflows, renewHookUrl, setWorkflowEnabled } from "../../services/workflows";
import { createFromTemplate, importWorkflow } from "../../services/workflow-import";
import { startWorkflowRun } from "../../services/workflow-runs";
import { fireScheduleNow, getSchedule, setSchedulePaused } from "../../services/schedules";
import { workflowSummaries } from "../../services/workflow-summaries";
import { getVersion, listVersions, restoreVersion } from "../../services/workflow-versions";
import { pinRunAsSamples, pinSampleData, sampleDataOf } from "../../services/sample-data";
import { workflowSavings } from "../../services/savings";
import { forgetStepMemory } from "../../services/step-memory";
import { stepOfWorkflow } from "../../services/step-memory.schema";
import { roleProcedure, router } from "../init";
import {
  bySlug,
  byVersion,
  checkpointStatsInput,
  importInput,
  pinSamplesInput,
  runAsSamplesInput,
  setEnabledInput,
  setSchedulePausedInput,
  templateInput,
  testRunInput,
  upsertInput,
} from "./workflows.schema";

/** A run of the latest version: whole, in test mode, up to a step, or one step on sample outputs (as REST's POST /runs). */
const startRun = roleProcedure("editor")
  .input(testRunInput)
  .mutation(({ ctx, input: { slug, ...body } }) =>
    startWorkflowRun(ctx.services, ctx.caller.workspaceId, slug, body, ctx.caller.member?.id ?? null),
  );

export const workflowsRouter = router({
  list: roleProcedure("viewer")
    .input(pageQuery)
    .query(({ ctx, input }) => listWorkflows(ctx.services.db, ctx.caller.workspaceId, input)),
  bySlug: roleProcedure("viewer")
    .input(bySlug)
    .query(({ ctx, input }) => getWorkflow(ctx.services.db, ctx.caller.workspaceId, input.slug)),
  /** The definition is validated by the same code as REST, so errors carry the same JSON paths. */
  upsert: roleProcedure("editor")
    .input(upsertInput)
    .mutation(({ ctx, input }) => applyWorkflow(ctx.services, ctx.caller, input.slug, input.definition)),
  setEnabled: roleProcedure("editor")
    .input(setEnabledInput)
    .mutation(({ ctx, input }) => setWorkflowEnabled(ctx.services, ctx.caller, input.slug, input.enabled)),
  /** The schedule trigger's state (as REST's GET /schedule): paused or not, the next fires, the last fire. */
  schedule: roleProcedure("viewer")
    .input(bySlug)
    .query(({ ctx, input }) => getSchedule(ctx.services, ctx.caller, input.slug)),
  /** Holds or releases the schedule (as REST's /schedule/pause and /resume); answers its new state. */
  setSchedulePaused: roleProcedure("editor")
    .input(setSchedulePausedInput)
    .mutation(({ ctx, input }) => setSchedulePaused(ctx.services, ctx.caller, input.slug, input.paused)),
  /** One run now, outside the schedule's times (as REST's /schedule/trigger). */
  fireScheduleNow: roleProcedure("editor")
    .input(bySlug)
    .mutation(({ ctx, input }) => fireScheduleNow(ctx.services, ctx.caller, input.slug)),
  /** Per checkpoint: how people decided it, and whether it is ready to automate (as REST's /checkpoints). */
  checkpoints: roleProcedure("viewer")
    .input(checkpointStatsInput)
    .query(({ ctx, input: { slug, ...query } }) =>
      checkpointStats(ctx.services.db, ctx.caller.workspaceId, slug, query),
    ),
  /** Median duration of each step over recent succeeded runs, for the editor's own analysis of a draft. */
  stepDurations: roleProcedure("viewer")
    .input(bySlug)
    .query(({ ctx, input }) => stepDurations(ctx.services.db, ctx.caller.workspaceId, input.slug)),
  /** The latest version's parallelism (as REST's /parallelism): summary, critical path, ordering-only edges. */
  parallelism: roleProcedure("viewer")
    .input(bySlug)
    .query(({ ctx, input }) => workflowParallelism(ctx.services.db, ctx.caller.workspaceId, input.slug)),
  startRun,
  testRun: startRun,
  /** The list page: every workflow with its trigger, last run, and the last 7 days' success rate and median duration. */
  summaries: roleProcedure("viewer").query(({ ctx }) =>
    workflowSummaries(ctx.services.db, ctx.caller.workspaceId, new Date()),
  ),
  versions: roleProcedure("viewer")
    .input(bySlug)
    .query(({ ctx, input }) => listVersions(ctx.services.db, ctx.caller.workspaceId, input.slug)),
  version: roleProcedure("viewer")
    .input(byVersion)
    .query(({ ctx, input }) => getVersion(ctx.services.db, ctx.caller.workspaceId, input.slug, input.version)),
  /** Saves an old version as the newest one. */
  restoreVersion: roleProcedure("editor")
    .input(byVersion)
    .mutation(({ ctx, input }) => restoreVersion(ctx.services, ctx.caller, input.slug, input.version)),
  /** A JSON or YAML definition becomes a new, disabled workflow; errors carry their JSON paths in `apiDetails`. */
  import: roleProcedure("editor")
    .input(importInput)
    .mutation(({ ctx, input }) => importWorkflow(ctx.services, ctx.caller, input)),
  createFromTemplate: roleProcedure("editor")
    .input(templateInput)
    .mutation(({ ctx, input }) => createFromTemplate(ctx.services, ctx.caller, input)),
  /** The last run's trigger input and each step's last successful output, to prefill test runs. */
  sampleData: roleProcedure("viewer")
    .input(bySlug)
    .query(({ ctx, input }) => sampleDataOf(ctx.services.db, ctx.caller.workspaceId, input.slug)),
  /** Replaces the pinned samples (`{}` unpins); what is not pinned comes from the latest runs. */
  pinSampleData: roleProcedure("editor")
    .input(pinSamplesInput)
    .mutation(({ ctx, input: { slug, ...samples } }) => pinSampleData(ctx.services.db, ctx.caller, slug, samples)),
  /** Issues a new webhook URL (shown this once); the old one stops working. */
  renewHookUrl: roleProcedure("editor")
    .input(bySlug)
    .mutation(({ ctx, input }) => renewHookUrl(ctx.services, ctx.caller, input.slug)),
  pinRunAsSamples: roleProcedure("editor")
    .input(runAsSamplesInput)
    .mutation(({ ctx, input }) => pinRunAsSamples(ctx.services.db, ctx.caller, input.runId)),
  /** What remembered results saved over 7 and 30 days (as REST's /savings). */
  savings: roleProcedure("viewer")
    .input(bySlug)
    .query(({ ctx, input }) => workflowSavings(ctx.services.db, ctx.caller.workspaceId, input.slug)),
  /** Forgets a step's cached results (as REST's /steps/<id>/cache/clear): `{cleared}`. */
  clearStepCache: roleProcedure("editor")
    .input(stepOfWorkflow)
    .mutation(({ ctx, input }) => forgetStepMemory(ctx.services.db, ctx.caller, input.slug, input.stepId, "cache")),
  /** Forgets which items an incremental step processed (as REST's /steps/<id>/incremental/reset): `{forgotten}`. */
  resetIncrementalStep: roleProcedure("editor")
    .input(stepOfWorkflow)
    .mutation(({ ctx, input }) =>
      forgetStepMemory(ctx.services.db, ctx.caller, input.slug, input.stepId, "incremental"),
    ),
});
