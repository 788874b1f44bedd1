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
