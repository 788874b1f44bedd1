import { initTRPC, TRPCError, type TRPCDefaultErrorShape } from "@trpc/server";
import type { Role } from "@switchyard/db";
import { authenticateApiToken } from "../auth/api-token";
import { requireRole } from "../auth/roles";
import type { Services } from "../context";
import { DatabaseUnavailableError } from "../http/api-error";
import { ApiError, INTERNAL_MESSAGE, outageReason, toApiError } from "../http/errors";
import { checkInput } from "../http/input-policy";

export interface TrpcContext {
  services: Services;
  authorization: string | null;
}

/** tRPC's shape, plus REST's code where the error has one: tRPC's own (SERVICE_UNAVAILABLE) does not tell an unreachable database from other causes. */
export type PublicErrorShape = TRPCDefaultErrorShape & { data: { apiCode?: string } };

/**
 * What a caller may see of an error. Outside production, tRPC's own shape
 * (the message and the stack) helps whoever develops; in production an error
 * nobody foresaw answers only "internal", since its message may be a raw
 * Postgres error, and no stack ever leaves the server.
 */
export function publicErrorShape(
  shape: TRPCDefaultErrorShape,
  error: TRPCError,
  production: boolean,
): PublicErrorShape {
  const coded =
    error.cause instanceof ApiError ? { ...shape, data: { ...shape.data, apiCode: error.cause.code } } : shape;
  if (!production) return coded;
  const { stack: _stack, ...data } = coded.data;
  return { ...coded, message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_MESSAGE : shape.message, data };
}

const t = initTRPC.context<TrpcContext>().create({
  // Without a context (it failed to build) nothing says this is not production.
  errorFormatter: ({ shape, error, ctx }) => publicErrorShape(shape, error, ctx?.services.production ?? true),
});

const STATUS_CODES = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
} as const;

/**
 * Errors REST answers as themselves (toApiError: ApiErrors, an unreachable
 * database) reach tRPC callers with the matching tRPC code and the same
 * message; the route sets their headers from the cause. Anything else is
 * logged, as REST does.
 */
const apiErrors = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok) return result;
  const known = toApiError(result.error.cause);
  if (known) {
    if (known instanceof DatabaseUnavailableError)
      ctx.services.logger.warn("database unreachable; answered 503", { path, error: outageReason(known) });
    throw new TRPCError({
      code: STATUS_CODES[known.status as keyof typeof STATUS_CODES] ?? "INTERNAL_SERVER_ERROR",
      message: known.message,
      cause: known,
    });
  }
  if (result.error.code === "INTERNAL_SERVER_ERROR")
    ctx.services.logger.error("unhandled tRPC error", { path, error: (result.error.cause ?? result.error).stack });
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
export const workspaceProcedure = publicProcedure.use(async ({ ctx, next }) =>
  next({ ctx: { ...ctx, caller: await authenticateApiToken(ctx.services.db, ctx.authorization) } }),
);

/** A workspace procedure the caller's token must hold at least `minimum` for (the same check as REST). */
export const roleProcedure = (minimum: Role) =>
  workspaceProcedure.use(({ ctx, next }) => {
    requireRole(ctx.caller, minimum);
    return next();
  });
