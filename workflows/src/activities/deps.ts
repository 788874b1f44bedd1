import type { Logger } from "@switchyard/connectors";
import type { AlertNotifier } from "../notify/email";
import type { ConnectionDeps } from "../connections/http";
import type { CheckpointChannel } from "./notify-checkpoint";

export interface ActivityDeps extends ConnectionDeps {
  logger: Logger;
  /** Absent when no mail server is configured: alerts still reach the feed. */
  notifier?: AlertNotifier;
  /** The web app's base URL (SWITCHYARD_PUBLIC_URL), for links to runs in Slack alerts. */
  publicUrl?: string;
  /** How checkpoints reach people besides the web inbox (email, Slack), when configured. */
  checkpointChannels?: CheckpointChannel[];
  /**
   * How long an activity waits in place for an unreachable database before it hands the wait
   * back to the workflow (default 10 s; tests shorten it to reach the workflow's side quickly).
   */
  databasePatienceMs?: number;
  /** The clock remembered results expire by (default: real time; tests move it instead of waiting). */
  now?: () => Date;
  /** Remembered results kept per step (SWITCHYARD_STEP_CACHE_ENTRIES, default 1,000). */
  stepCacheEntries?: number;
  /** Connector slug → the task queue its steps run on (SWITCHYARD_CONNECTOR_TASK_QUEUES); beginRun hands it to each run. */
  connectorQueues?: Record<string, string>;
}
