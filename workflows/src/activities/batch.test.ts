// A fan-out item's render: the template's own failures are the item's result; a
// cancelled batch is cancelled rather than recording a result for the item.
import type { ActionDefinition, HttpClient } from "@switchyard/connectors";
import { CancelledFailure } from "@temporalio/activity";
import { describe, expect, it } from "vitest";
import type { TemplateContext } from "../definition/template";
import { runItemWithRetries } from "./batch";

const ctx: TemplateContext = {
  trigger: {},
  steps: {},
  workflow: { name: "w" },
  run: { id: "r", startedAt: "2020-01-01T00:00:00.000Z" },
};
const heavy = { a: "{{ ($f := function($n){ $n <= 0 ? 'done' : $f($n - 1) }; $f(1000000)) }}" };
const unused = {} as ActionDefinition;

function itemContext(signal: AbortSignal) {
  return {
    runId: "r",
    stepId: "s",
    retry: { maxAttempts: 1, initialInterval: 1, backoffCoefficient: 1, maximumInterval: 1 },
    logger: { info() {}, warn() {}, error() {} },
    http: {} as HttpClient,
    signal,
    describe: (err: unknown) => ({ message: String(err), type: "Error", retryable: false }),
  };
}

describe("runItemWithRetries' render", () => {
  it("a template's failure is the item's", async () => {
    const result = await runItemWithRetries(
      unused,
      { index: 3, item: 1 },
      { a: "{{ $now() }}" },
      ctx,
      itemContext(new AbortController().signal),
    );
    expect(result).toMatchObject({
      index: 3,
      attempts: 1,
      error: { type: "TemplateError", message: expect.stringContaining("$now() is not allowed") },
    });
  });

  it("a cancelled batch's heavy render does not run, and the item records nothing", async () => {
    await expect(
      runItemWithRetries(unused, { index: 0, item: 1 }, heavy, ctx, itemContext(AbortSignal.abort())),
    ).rejects.toBeInstanceOf(CancelledFailure);
  });
});
