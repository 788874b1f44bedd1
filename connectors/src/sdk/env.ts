import { z } from "zod";

/**
 * Parses an app's environment with zod and fails with a message naming every
 * bad variable, so misconfiguration stops the process at start, not mid-request.
 */
export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  source: Record<string, string | undefined>,
): z.infer<z.ZodObject<S>> {
  const parsed = z.object(shape).safeParse(source);
  if (parsed.success) return parsed.data;
  throw invalidEnvironment(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
}

/** The one error every start-up check throws: each problem on a line of its own, naming its variable. */
export function invalidEnvironment(problems: readonly (readonly [variable: string, message: string])[]): Error {
  return new Error(`Invalid environment:\n${problems.map(([name, message]) => `  ${name}: ${message}`).join("\n")}`);
}

/**
 * Stops a production process that lacks a setting development does without or defaults (a
 * local database, a public development secret), naming each one missing.
 */
export function requireInProduction(source: Record<string, string | undefined>, names: readonly string[]): void {
  const missing = names.filter((name) => !source[name]);
  if (missing.length === 0) return;
  throw invalidEnvironment(missing.map((name) => [name, "required when NODE_ENV is production"]));
}
