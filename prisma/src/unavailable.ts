// Which errors mean "the database is out of reach" (the work may be retried as it is)
// rather than "the database refused this query" (a bug or bad data). Web answers the
// first with 503, and the worker's bookkeeping waits it out instead of failing a step.
import { Prisma } from "./generated/client";

/**
 * Prisma's codes for a server it cannot reach (P1001), that timed out (P1002, P1008), that
 * closed the connection (P1017), for no pooled connection in time (P2024), or too many
 * connections (P2037).
 */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

/** What @prisma/adapter-pg makes of ECONNREFUSED or ENOTFOUND, ECONNRESET, ETIMEDOUT, and a full server. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * SQLSTATE class 08 (connection exception); 57P01-57P03: the server is shutting down, crashed,
 * or not yet accepting connections; 53300: no connection slot free.
 */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3]$|53300$)/;

/**
 * What pg and pg-pool throw when a connection is lost under them (an open socket closed, a
 * connection that failed being used again) or cannot be had in time. The adapter passes these
 * on as they are, and Prisma adds no code to them.
 */
const PG_CONNECTION_LOST =
  /^(Connection terminated\b|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Can't reach database server)/;

interface AdapterErrorLike {
  name: "DriverAdapterError";
  cause: { kind?: unknown; originalCode?: unknown };
}

const isAdapterError = (err: unknown): err is AdapterErrorLike =>
  typeof err === "object" &&
  err !== null &&
  (err as { name?: unknown }).name === "DriverAdapterError" &&
  typeof (err as { cause?: unknown }).cause === "object";

function adapterErrorUnavailable(err: AdapterErrorLike): boolean {
  const { kind, originalCode } = err.cause;
  return (
    UNAVAILABLE_KINDS.has(String(kind)) || (kind === "postgres" && UNAVAILABLE_SQLSTATE.test(String(originalCode)))
  );
}

/**
 * Whether an error says the database could not be reached or dropped the connection. Only
 * what Prisma, its pg adapter or pg throw counts, and causes are not followed: a connector's
 * API refusing a connection (fetch's cause ECONNREFUSED) is not the database being down.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  // Raw queries report every failure as P2010, with the adapter's error in `meta`.
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    const adapterError = err.meta?.driverAdapterError;
    return UNAVAILABLE_CODES.has(err.code) || (isAdapterError(adapterError) && adapterErrorUnavailable(adapterError));
  }
  // Postgres errors without a Prisma code of their own (57P01 on a model query) arrive as the adapter's error itself.
  if (isAdapterError(err)) return adapterErrorUnavailable(err);
  return err instanceof Error && PG_CONNECTION_LOST.test(err.message);
}
