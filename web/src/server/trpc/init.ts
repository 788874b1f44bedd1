import { initTRPC, TRPCError } from "@trpc/server";
import type { Role } from "@switchyard/db";
import { authenticateApiToken, type ApiCaller } from "../auth/api-token";
import { requireRole } from "../auth/roles";
import type { Services } from "../context";
import { ApiError } from "../http/errors";

export interface TrpcContext {
  services: Services;
  authorization: string | null;
}

const t = initTRPC.context<TrpcContext>().create();

const STATUS_CODES = { 400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE" } as const;

/** Services throw ApiError for REST; tRPC callers get the matching tRPC code and the same message. */
const apiErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ApiError) {
    const { status, message } = result.error.cause;
    throw new TRPCError({ code: STATUS_CODES[status as keyof typeof STATUS_CODES] ?? "INTERNAL_SERVER_ERROR", message, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(apiErrors);

/** Every workspace-scoped procedure resolves the caller's workspace first. */
export const workspaceProcedure = publicProcedure.use(async ({ ctx, next }) => {
  let caller: ApiCaller;
  try {
    caller = await authenticateApiToken(ctx.services.db, ctx.authorization);
  } catch (err) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: err instanceof Error ? err.message : "unauthenticated" });
  }
  return next({ ctx: { ...ctx, caller } });
});

/** A workspace procedure the caller's token must hold at least `minimum` for (the same check as REST). */
export const roleProcedure = (minimum: Role) =>
  workspaceProcedure.use(({ ctx, next }) => {
    requireRole(ctx.caller, minimum);
    return next();
  });
