// Which task queue each connector's steps go to, and which queues a worker process serves. A slow
// or rate-limited API gets a queue of its own, so its backlog cannot take the slots other
// connectors' steps need. Parsed from the environment by env.ts; validated here, naming the variable.
import { invalidEnvironment } from "@switchyard/connectors";
import { z } from "zod";
import { QUEUE_NAME, QUEUE_NAME_RULE } from "./config";
const MAX_CONCURRENCY = 1_000;

/** One queue a worker serves; `concurrency` caps the activities this process runs from it at once. */
export interface ServedQueue {
  name: string;
  concurrency?: number;
}

/** The worker's queue settings, checked against each other and against the connectors that exist. */
export interface TaskQueues {
  /** TEMPORAL_TASK_QUEUE: workflows, engine activities and every connector not routed elsewhere. */
  defaultQueue: string;
  /** Connector slug → its queue (SWITCHYARD_CONNECTOR_TASK_QUEUES). */
  connectorQueues: Record<string, string>;
  /** What this process polls (SWITCHYARD_WORKER_TASK_QUEUES); the default queue's worker alone runs workflows. */
  served: ServedQueue[];
}

export const taskQueueEnv = {
  /** `slug=queue` pairs, comma-separated: that connector's steps run on that queue. Unlisted connectors stay on TEMPORAL_TASK_QUEUE. */
  SWITCHYARD_CONNECTOR_TASK_QUEUES: z.string().default(""),
  /** `queue` or `queue:concurrency`, comma-separated. Unset or empty: TEMPORAL_TASK_QUEUE and every connector queue. */
  SWITCHYARD_WORKER_TASK_QUEUES: z.string().optional(),
};

const items = (list: string) =>
  list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

class Problems {
  readonly found: [variable: string, message: string][] = [];
  add(variable: string, message: string) {
    this.found.push([variable, message]);
  }
  throwIfAny() {
    if (this.found.length) throw invalidEnvironment(this.found);
  }
}

function parseConnectorQueues(
  list: string,
  defaultQueue: string,
  connectors: ReadonlySet<string>,
  problems: Problems,
): Record<string, string> {
  const VAR = "SWITCHYARD_CONNECTOR_TASK_QUEUES";
  const queues: Record<string, string> = {};
  for (const item of items(list)) {
    const [slug, queue, ...rest] = item.split("=").map((s) => s.trim());
    if (!slug || !queue || rest.length)
      problems.add(VAR, `"${item}" is not connector=queue, e.g. "github=switchyard-github"`);
    else if (!connectors.has(slug))
      problems.add(VAR, `"${slug}" is not a connector (known: ${[...connectors].sort().join(", ")})`);
    else if (Object.hasOwn(queues, slug)) problems.add(VAR, `"${slug}" is listed twice`);
    else if (!QUEUE_NAME.test(queue))
      problems.add(VAR, `"${queue}" (for ${slug}) is not a queue name: ${QUEUE_NAME_RULE}`);
    else if (queue === defaultQueue)
      problems.add(VAR, `"${queue}" (for ${slug}) is TEMPORAL_TASK_QUEUE, where unlisted connectors run anyway`);
    else queues[slug] = queue;
  }
  return queues;
}

function parseServed(list: string, known: ReadonlySet<string>, problems: Problems): ServedQueue[] {
  const VAR = "SWITCHYARD_WORKER_TASK_QUEUES";
  const served: ServedQueue[] = [];
  for (const item of items(list)) {
    const [name, limit, ...rest] = item.split(":").map((s) => s.trim());
    const concurrency = limit === undefined ? undefined : Number(limit);
    if (!name || rest.length || (concurrency !== undefined && !/^\d+$/.test(limit!)))
      problems.add(VAR, `"${item}" is not queue or queue:concurrency, e.g. "switchyard-github:4"`);
    else if (!known.has(name))
      problems.add(
        VAR,
        `"${name}" is neither TEMPORAL_TASK_QUEUE nor a queue of SWITCHYARD_CONNECTOR_TASK_QUEUES (${[...known].join(", ")})`,
      );
    else if (served.some((q) => q.name === name)) problems.add(VAR, `"${name}" is listed twice`);
    else if (concurrency !== undefined && (concurrency < 1 || concurrency > MAX_CONCURRENCY))
      problems.add(VAR, `"${item}": the concurrency must be 1 to ${MAX_CONCURRENCY}`);
    else served.push({ name, ...(concurrency !== undefined && { concurrency }) });
  }
  if (!problems.found.length && !served.length) problems.add(VAR, "names no queue");
  return served;
}

/**
 * The worker's task queues from its parsed environment; throws, naming the variable and the item,
 * on anything it cannot use. `connectors` are the slugs a step's `uses` may start with.
 */
export function taskQueuesFrom(
  env: z.infer<z.ZodObject<typeof taskQueueEnv>> & { TEMPORAL_TASK_QUEUE: string },
  connectors: Iterable<string>,
): TaskQueues {
  const problems = new Problems();
  const defaultQueue = env.TEMPORAL_TASK_QUEUE;
  const connectorQueues = parseConnectorQueues(
    env.SWITCHYARD_CONNECTOR_TASK_QUEUES,
    defaultQueue,
    new Set(connectors),
    problems,
  );
  const known = new Set([defaultQueue, ...Object.values(connectorQueues)]);
  const served = parseServed(env.SWITCHYARD_WORKER_TASK_QUEUES || [...known].join(","), known, problems);
  problems.throwIfAny();
  return { defaultQueue, connectorQueues, served };
}
