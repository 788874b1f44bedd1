import { initTRPC, TRPCError, type TRPCDefaultErrorShape } from "@trpc/server";
import type { Role } from "@switchyard/db";
import type { ApiCaller } from "../auth/api-token";
import { requireRole } from "../auth/roles";
import type { Services } from "../context";
import { DatabaseUnavailableError } from "../http/api-error";
import { ApiError, INTERNAL_MESSAGE, outageReason, toApiError } from "../http/errors";
import { checkInput } from "../http/input-policy";

export interface TrpcContext {
  services: Services;
  /** Resolves the caller (token or session) and refuses with 401/404 as REST does. */
  authenticate(): Promise<ApiCaller>;
  /** The signed-in person, for what is theirs rather than a workspace's (their workspaces, invitations). */
  signedInUserId(): Promise<string | null>;
}

/**
 * What a procedure requires, read by its own middleware and by the refusal matrix test,
 * which walks every procedure of the router: a procedure without it cannot be written.
 */
export type ProcedureMeta = { scope: "public" } | { scope: "user" } | { scope: "workspace"; minimum: Role };

/** tRPC's shape, plus REST's code where the error has one: tRPC's own (SERVICE_UNAVAILABLE) does not tell an unreachable database from other causes. */
export type PublicErrorShape = TRPCDefaultErrorShape & { data: { apiCode?: string; apiDetails?: unknown } };

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
    error.cause instanceof ApiError
      ? // REST's details too (e.g. a definition's errors, each with its JSON path), which REST sends in any mode.
        { ...shape, data: { ...shape.data, apiCode: error.cause.code, apiDetails: error.cause.details } }
      : shape;
  if (!production) return coded;
  const { stack: _stack, ...data } = coded.data;
  return { ...coded, message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_MESSAGE : shape.message, data };
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
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
const base = t.procedure.use(apiErrors).use(inputPolicy);
export const publicProcedure = base.meta({ scope: "public" });

/** A signed-in person's own procedure (no workspace yet: listing theirs, creating one, accepting an invitation). */
export const userProcedure = base.meta({ scope: "user" }).use(async ({ ctx, next }) => {
  const userId = await ctx.signedInUserId();
  if (!userId) throw new ApiError(401, "unauthenticated", "Sign in first.");
  return next({ ctx: { ...ctx, userId } });
});

/** A workspace procedure the caller (token or session) must hold at least `minimum` for: the same check as REST. */
export const roleProcedure = (minimum: Role) =>
  base.meta({ scope: "workspace", minimum }).use(async ({ ctx, next }) => {
    const caller = await ctx.authenticate();
    requireRole(caller, minimum);
    return next({ ctx: { ...ctx, caller } });
  });
