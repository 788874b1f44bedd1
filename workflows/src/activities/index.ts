import type { ActivityDeps } from "./deps";
import { createAcceptFireActivities } from "./accept-fire";
import { createBeginRunActivities } from "./begin-run";
import { createCheckpointActivities } from "./checkpoints";
import { createExecuteBatchActivities } from "./execute-batch";
import { createExecuteStepActivities } from "./execute-step";
import { createFinishRunActivities } from "./finish-run";
import { createLoadRunActivities } from "./load-run";
import { createNotifyAlertActivities } from "./notify-alert";
import { createNotifyCheckpointActivities } from "./notify-checkpoint";
import { createPlanIncrementalActivities } from "./plan-incremental";
import { createPollActivities } from "./poll";
import { createPublishResponseActivities } from "./publish-response";
import { createRenderTemplatesActivities } from "./render-templates";
import { createStepCacheActivities } from "./step-cache";

export type { ActivityDeps } from "./deps";

/** Every activity the worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createPollActivities(deps),
    ...createAcceptFireActivities(deps),
    ...createBeginRunActivities(deps),
    ...createLoadRunActivities(deps),
    ...createExecuteStepActivities(deps),
    ...createStepCacheActivities(deps),
    ...createExecuteBatchActivities(deps),
    ...createPlanIncrementalActivities(deps),
    ...createRenderTemplatesActivities(deps),
    ...createFinishRunActivities(deps),
    ...createNotifyAlertActivities(deps),
    ...createCheckpointActivities(deps),
    ...createNotifyCheckpointActivities(deps),
    ...createPublishResponseActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
