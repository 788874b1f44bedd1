// Steps with `cache`, as the workflow runs them. It never reads the cache itself: the lookup is an
// activity (executeStep's own for a connector step, lookUpStepCache for a core step), so a
// replay takes its answer from the history.
import { proxyActivities } from "@temporalio/workflow";
import type { Activities } from "../activities";
import type { StepDefinition } from "../definition/schema";
import { cacheOptions, type CacheSetting } from "../definition/step-memory";
import { limitSize } from "../definition/template";
import { BOOKKEEPING_ACTIVITY } from "./bookkeeping";
import type { CachedOutcome, CacheSlot, StepCacheRequest, StepState } from "./contract";
import { engineOpSources, haltsOn } from "./engine-ops";
import { ACTIVITY_INPUT_BYTES } from "./payload-limits";
import type { RunScope } from "./run-scope";

const { lookUpStepCache } = proxyActivities<Activities>(BOOKKEEPING_ACTIVITY);
// It logs its own failures and never throws: retried only when its worker is lost.
const { storeStepCache } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { maximumAttempts: 3 },
});

/**
 * The request of a step with `cache` (its setting), with `cache.key` rendered in the step's
 * context. The step a re-run starts from does not read: it is re-run for real. `sources` is what
 * the output depends on besides the rendered inputs, made part of the key.
 *
 * Callers await it only for steps with `cache`: the others keep, to the microtask, the order of
 * the commands their histories hold.
 */
export async function cacheRequestOf(
  scope: RunScope,
  step: StepDefinition,
  setting: CacheSetting,
  rendered: Record<string, unknown>,
  sources?: unknown,
): Promise<StepCacheRequest> {
  const { ttlMs, key } = cacheOptions(setting);
  const renderedKey =
    key === undefined ? undefined : await scope.renderValue(key, scope.context(), "the step's cache key");
  const keyed = sources === undefined ? renderedKey : { input: renderedKey ?? rendered, sources };
  return {
    ttlMs,
    template: step.with,
    read: step.id !== scope.input.fromStep,
    ...(keyed === undefined ? {} : { key: keyed }),
  };
}

/** A step settled from its cache (its row is already written, by the activity that found the entry). */
export function cachedState(step: StepDefinition, { cachedFrom, ...outcome }: CachedOutcome): StepState {
  return {
    status: "succeeded",
    ...outcome,
    reason: "cached",
    cachedFrom,
    ...(haltsOn(step.uses, outcome.output) ? { halts: true } : {}),
  };
}

/**
 * A core step with `cache`: settled from the cache on a hit; on a miss, answers where the output
 * the workflow is about to evaluate is to be remembered (rememberCoreStep).
 */
export async function lookUpCoreStep(
  scope: RunScope,
  step: StepDefinition,
  setting: CacheSetting,
  rendered: Record<string, unknown>,
): Promise<{ settled: true } | { slot: CacheSlot; ttlMs: number }> {
  const cache = await cacheRequestOf(scope, step, setting, rendered, engineOpSources(step, scope.state));
  const input = { runId: scope.input.runId, stepId: step.id, uses: step.uses, with: rendered, cache };
  limitSize(input, ACTIVITY_INPUT_BYTES, "the step's cache lookup (its inputs and key)");
  const looked = await lookUpStepCache(input);
  if ("miss" in looked) return { slot: looked.miss, ttlMs: cache.ttlMs };
  scope.state[step.id] = cachedState(step, looked.hit);
  return { settled: true };
}

/** Stores a core step's fresh output beside the run: no step waits for it, and a failure costs one evaluation later. */
export function rememberCoreStep(
  scope: RunScope,
  step: StepDefinition,
  miss: { slot: CacheSlot; ttlMs: number },
  output: unknown,
): void {
  scope.background.push(
    // Evaluated within one workflow task, whose clock stands still: no time to account for.
    storeStepCache({ runId: scope.input.runId, stepId: step.id, ...miss, output, durationMs: 0 }).catch(
      () => undefined,
    ),
  );
}
