import { initTRPC, TRPCError, type TRPCDefaultErrorShape } from "@trpc/server";
import type { Role } from "@switchyard/db";
import { authenticateApiToken } from "../auth/api-token";
import { requireRole } from "../auth/roles";
import type { Services } from "../context";
import { ApiError, INTERNAL_MESSAGE } from "../http/errors";
import { checkInput } from "../http/input-policy";

export interface TrpcContext {
  services: Services;
  authorization: string | null;
}

/**
 * What a caller may see of an error. Outside production, tRPC's own shape
 * (the message and the stack) helps whoever develops; in production an error
 * nobody foresaw answers only "internal", since its message may be a raw
 * Postgres error, and no stack ever leaves the server.
 */
export function publicErrorShape(shape: TRPCDefaultErrorShape, error: TRPCError, production: boolean): TRPCDefaultErrorShape {
  if (!production) return shape;
  const { stack: _stack, ...data } = shape.data;
  return { ...shape, message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_MESSAGE : shape.message, data };
}

const t = initTRPC.context<TrpcContext>().create({
  // Without a context (it failed to build) nothing says this is not production.
  errorFormatter: ({ shape, error, ctx }) => publicErrorShape(shape, error, ctx?.services.production ?? true),
});

const STATUS_CODES = { 400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE" } as const;

/** Services throw ApiError for REST; tRPC callers get the matching tRPC code and the same message. Anything else is logged, as REST does. */
const apiErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok) return result;
  if (result.error.cause instanceof ApiError) {
    const { status, message } = result.error.cause;
    throw new TRPCError({ code: STATUS_CODES[status as keyof typeof STATUS_CODES] ?? "INTERNAL_SERVER_ERROR", message, cause: result.error.cause });
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR") ctx.services.logger.error("unhandled tRPC error", { path, error: (result.error.cause ?? result.error).stack });
  return result;
});

/** Every input meets the input policy before a procedure's schema or code sees it (400, as for REST). */
const inputPolicy = t.middleware(async ({ getRawInput, next }) => {
  checkInput(await getRawInput());
  return next();
});

export const router = t.router;
export const publicProcedure = t.procedure.use(apiErrors).use(inputPolicy);

/** Every workspace-scoped procedure resolves the caller's workspace first. */
export const workspaceProcedure = publicProcedure.use(async ({ ctx, next }) => next({ ctx: { ...ctx, caller: await authenticateApiToken(ctx.services.db, ctx.authorization) } }));

/** A workspace procedure the caller's token must hold at least `minimum` for (the same check as REST). */
export const roleProcedure = (minimum: Role) =>
  workspaceProcedure.use(({ ctx, next }) => {
    requireRole(ctx.caller, minimum);
    return next();
  });
