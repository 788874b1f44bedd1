import type { z } from "zod";
import type { ActionContext, ActionDefinition } from "./define";
import { describeIssues } from "./answer";
import { NonRetryableError } from "./errors";

/**
 * Runs an action and holds its result to the declared output schema, so a
 * provider answer of the wrong shape fails this step with a precise message
 * instead of flowing on as `undefined` into later steps. Not retryable: the
 * provider has usually acted already, and repeating could act twice.
 */
export async function runAction(action: ActionDefinition, ctx: ActionContext<unknown>): Promise<unknown> {
  if (!action.run) throw new Error(`action ${action.name} is evaluated by the engine and has no run()`);
  return checkOutput(action, await action.run(ctx));
}

/** The value, if it matches the operation's output schema; a precise NonRetryableError if not. */
export function checkOutput<T>(operation: { title: string; output: z.ZodType }, value: T): T {
  const checked = operation.output.safeParse(value);
  if (checked.success) return value;
  throw new NonRetryableError(
    `${operation.title}: the provider's answer is malformed (${describeIssues(checked.error)})`,
  );
}
