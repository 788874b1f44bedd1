// REST plumbing shared by every /api/v1 route: authentication, the role check, bodies and query strings.
import type { Role } from "@switchyard/db";
import type { ApiCaller } from "~/server/auth/api-token";
import { requireRole } from "~/server/auth/roles";
import { authenticate } from "~/server/auth/session";
import { services, type Services } from "~/server/context";
import { parseBody, readLimitedBody } from "~/server/http/body";
import { handle } from "~/server/http/errors";
import { checkInput } from "~/server/http/input-policy";
import { parseYamlBody } from "~/server/http/yaml";

export interface RouteContext<P> {
  request: Request;
  caller: ApiCaller;
  params: P;
  s: Services;
}

/**
 * A workspace-scoped handler: the bearer token or the signed-in person is resolved and must hold at least `minimum`.
 * The handler carries its minimum so the refusal matrix test (web/src/server/authz/rest-matrix.test.ts) can find every route's.
 */
export function apiRoute<P = Record<string, never>>(minimum: Role, fn: (ctx: RouteContext<P>) => Promise<Response>) {
  const handler = handle(async (request: Request, context: { params: Promise<P> }) => {
    const s = services();
    const caller = await authenticate(s, request);
    requireRole(caller, minimum);
    return fn({ request, caller, params: await context.params, s });
  });
  return Object.assign(handler, { minimum });
}

/** The query string as a plain object, for zod. */
export const queryOf = (request: Request): Record<string, string> =>
  Object.fromEntries(new URL(request.url).searchParams);

const YAML_TYPES = new Set(["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"]);

/** A JSON body (empty means `{}`); definitions may also come as YAML. Either way it meets the input policy. */
export async function readBody(request: Request, s: Services, { yaml = false } = {}): Promise<unknown> {
  const bytes = await readLimitedBody(request, s.webhookMaxBytes);
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  return checkInput(
    yaml && YAML_TYPES.has(type) ? parseYamlBody(new TextDecoder().decode(bytes)) : parseBody(bytes, type),
  );
}
