// A step routed to a connector queue that no worker polls does not fail: Temporal keeps it until a
// worker for that queue comes, which is right for a backlog and wrong for a queue nobody deployed.
// The workers that route steps (the default queue's) say so in their log, naming the queue.
import type { Logger } from "@switchyard/connectors";
import type { temporal } from "@temporalio/proto";
import type { EngineClient } from "./client";
import type { TaskQueues } from "./task-queues";

// Values of Temporal's enums (the proto package is a dev dependency, so only its types come here).
const NORMAL_QUEUE = 1 as temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL;
const ACTIVITY_POLLERS = 2 as temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;

/** The connector queues (with their connectors) that no worker has polled lately, as Temporal sees it. */
export async function unpolledQueues(engine: EngineClient, queues: Pick<TaskQueues, "connectorQueues">) {
  const connectorsOf = new Map<string, string[]>();
  for (const [slug, queue] of Object.entries(queues.connectorQueues))
    connectorsOf.set(queue, [...(connectorsOf.get(queue) ?? []), slug]);
  const unpolled: { taskQueue: string; connectors: string[] }[] = [];
  for (const [taskQueue, connectors] of connectorsOf) {
    const { pollers } = await engine.temporal.workflowService.describeTaskQueue({
      namespace: engine.temporal.options.namespace,
      taskQueue: { name: taskQueue, kind: NORMAL_QUEUE },
      taskQueueType: ACTIVITY_POLLERS,
    });
    if (!pollers?.length) unpolled.push({ taskQueue, connectors });
  }
  return unpolled;
}

/**
 * Warns after `firstMs`, then every `everyMs`, of each connector queue no worker polls: its steps
 * wait there until a worker serving it (SWITCHYARD_WORKER_TASK_QUEUES) starts. Returns its stop.
 */
export function watchUnpolledQueues(
  engine: EngineClient,
  queues: Pick<TaskQueues, "connectorQueues">,
  logger: Logger,
  { firstMs, everyMs }: { firstMs: number; everyMs: number },
): () => void {
  const check = () =>
    unpolledQueues(engine, queues).then(
      (unpolled) => {
        for (const { taskQueue, connectors } of unpolled)
          logger.warn("no worker polls this task queue: its connectors' steps wait until one does", {
            taskQueue,
            connectors,
            fix: `start a worker whose SWITCHYARD_WORKER_TASK_QUEUES includes ${taskQueue}`,
          });
      },
      (err: unknown) =>
        logger.warn("task queues not checked", { error: err instanceof Error ? err.message : String(err) }),
    );
  let timer = setTimeout(function next() {
    void check();
    timer = setTimeout(next, everyMs);
    timer.unref();
  }, firstMs);
  timer.unref();
  return () => clearTimeout(timer);
}
