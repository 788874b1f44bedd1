import type { z } from "zod";
import { NonRetryableError } from "./errors";
import type { HttpClient, HttpRequest } from "./http/client";

/** "path: message; …": how every malformed-answer and bad-input message lists a schema's complaints. */
export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

/**
 * The provider's answer, if it has the documented shape; otherwise a
 * non-retryable "malformed" error naming what is off, instead of a TypeError
 * further on. `purpose` completes "when asked to …".
 */
export function parseAnswer<S extends z.ZodType>(
  answer: S,
  body: unknown,
  provider: string,
  purpose: string,
): z.output<S> {
  const parsed = answer.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new NonRetryableError(
    `${provider}'s answer when asked to ${purpose} is malformed (${describeIssues(parsed.error)})`,
  );
}

export interface ApiCall<S extends z.ZodType> {
  provider: string;
  purpose: string;
  request: HttpRequest;
  answer: S;
  /** Turns a failure (usually an HttpError) into one a person can act on; others pass through. */
  mapError?(err: unknown): unknown;
}

/** One provider call: failures mapped by the connector, the answer held to its documented shape. */
export async function callApi<S extends z.ZodType>(http: HttpClient, call: ApiCall<S>): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = (await http.request(call.request)).body;
  } catch (err) {
    throw call.mapError ? call.mapError(err) : err;
  }
  return parseAnswer(call.answer, body, call.provider, call.purpose);
}
