import { parseEnv } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { temporalEnv } from "./config";
import { taskQueueEnv, taskQueuesFrom } from "./task-queues";

const CONNECTORS = ["github", "http", "slack"];
const queues = (source: Record<string, string>) =>
  taskQueuesFrom(parseEnv({ ...temporalEnv, ...taskQueueEnv }, source), CONNECTORS);
const problem = (source: Record<string, string>) => {
  try {
    queues(source);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("accepted");
};

describe("task queue settings", () => {
  it("serve the default queue alone when no connector has a queue", () => {
    expect(queues({})).toEqual({ defaultQueue: "switchyard", connectorQueues: {}, served: [{ name: "switchyard" }] });
  });

  it("route the listed connectors, and serve every queue unless told which, each with its own concurrency", () => {
    const source = { SWITCHYARD_CONNECTOR_TASK_QUEUES: " github=sy-github, slack=sy-slow,http=sy-slow " };
    expect(queues(source)).toEqual({
      defaultQueue: "switchyard",
      connectorQueues: { github: "sy-github", slack: "sy-slow", http: "sy-slow" },
      served: [{ name: "switchyard" }, { name: "sy-github" }, { name: "sy-slow" }],
    });
    expect(queues({ ...source, SWITCHYARD_WORKER_TASK_QUEUES: "sy-github:4, sy-slow" }).served).toEqual([
      { name: "sy-github", concurrency: 4 },
      { name: "sy-slow" },
    ]);
    // Compose and Helm pass an unset variable as an empty one.
    expect(queues({ ...source, SWITCHYARD_WORKER_TASK_QUEUES: "" }).served).toHaveLength(3);
  });

  const routed = "github=sy-github";
  it.each([
    [
      "",
      "github",
      'SWITCHYARD_CONNECTOR_TASK_QUEUES: "github" is not connector=queue, e.g. "github=switchyard-github"',
    ],
    ["", "github=a=b", 'SWITCHYARD_CONNECTOR_TASK_QUEUES: "github=a=b" is not connector=queue'],
    ["", "gitlab=q", 'SWITCHYARD_CONNECTOR_TASK_QUEUES: "gitlab" is not a connector (known: github, http, slack)'],
    ["", "github=a,github=b", 'SWITCHYARD_CONNECTOR_TASK_QUEUES: "github" is listed twice'],
    ["", "github=my queue", 'SWITCHYARD_CONNECTOR_TASK_QUEUES: "my queue" (for github) is not a queue name'],
    ["", "github=switchyard", 'SWITCHYARD_CONNECTOR_TASK_QUEUES: "switchyard" (for github) is TEMPORAL_TASK_QUEUE'],
    [
      "sy-gihtub",
      routed,
      'SWITCHYARD_WORKER_TASK_QUEUES: "sy-gihtub" is neither TEMPORAL_TASK_QUEUE nor a queue of SWITCHYARD_CONNECTOR_TASK_QUEUES (switchyard, sy-github)',
    ],
    ["sy-github:four", routed, 'SWITCHYARD_WORKER_TASK_QUEUES: "sy-github:four" is not queue or queue:concurrency'],
    ["sy-github:0", routed, 'SWITCHYARD_WORKER_TASK_QUEUES: "sy-github:0": the concurrency must be 1 to 1000'],
    ["sy-github,sy-github:2", routed, 'SWITCHYARD_WORKER_TASK_QUEUES: "sy-github" is listed twice'],
    [" , ", routed, "SWITCHYARD_WORKER_TASK_QUEUES: names no queue"],
  ])("stop the start naming the variable and the item: serving %j with %j", (served, connectorQueues, message) => {
    const source = { SWITCHYARD_CONNECTOR_TASK_QUEUES: connectorQueues, SWITCHYARD_WORKER_TASK_QUEUES: served };
    const [heading, line, ...more] = problem(source).split("\n");
    expect({ heading, more }).toEqual({ heading: "Invalid environment:", more: [] });
    expect(line).toContain(`  ${message}`);
  });

  it("report every mistake at once, one line each", () => {
    const source = { SWITCHYARD_CONNECTOR_TASK_QUEUES: "x=q,github", SWITCHYARD_WORKER_TASK_QUEUES: "switchyard:-1" };
    expect(problem(source).split("\n")).toHaveLength(4);
  });
});
