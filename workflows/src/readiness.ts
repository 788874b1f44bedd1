// What /readyz answers, on web and on the worker alike: each dependency checked at once, within a bound.

export type ReadinessChecks = Record<string, () => Promise<unknown>>;

export interface Readiness {
  /** 200 when every dependency answered, else 503. */
  status: 200 | 503;
  body: { ok: boolean } & Record<string, "up" | "down" | boolean>;
}

/** Runs every check at once; one that fails or outlasts `timeoutMs` counts as down, so a probe never hangs. */
export async function checkReadiness(checks: ReadinessChecks, timeoutMs = 3_000): Promise<Readiness> {
  const names = Object.keys(checks);
  const states = await Promise.all(names.map((name) => upWithin(checks[name]!, timeoutMs)));
  const ok = states.every(Boolean);
  const body: Readiness["body"] = { ok };
  names.forEach((name, i) => (body[name] = states[i] ? "up" : "down"));
  return { status: ok ? 200 : 503, body };
}

async function upWithin(check: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([check().then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * checkReadiness for an endpoint anyone may call: callers while a check runs share it, and its answer
 * serves for `reuseMs` after. Probes from many pods, or a flood, cost one database query and one
 * Temporal call per second at most, and checks that hang (the database gone silent) cannot pile up.
 */
export function sharedReadiness(
  checks: ReadinessChecks,
  { timeoutMs = 3_000, reuseMs = 1_000, now = Date.now } = {},
): () => Promise<Readiness> {
  let last: { answer: Promise<Readiness>; settledAt?: number } | undefined;
  return () => {
    if (!last || (last.settledAt !== undefined && now() - last.settledAt >= reuseMs)) {
      const current: NonNullable<typeof last> = { answer: checkReadiness(checks, timeoutMs) };
      void current.answer.then(() => (current.settledAt = now()));
      last = current;
    }
    return last.answer;
  };
}
