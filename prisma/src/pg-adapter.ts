import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

/**
 * Workaround for prisma/orm#27403 (https://github.com/prisma/prisma/issues/27403):
 * the JS schema engine cannot decode pg_catalog columns typed `"char"` (OID 18)
 * or `name` (OID 19) when it introspects through a driver adapter, so
 * `migrate dev` / `migrate deploy` fail. Both types arrive over the text protocol
 * as plain strings, so reporting them as `text` (OID 25) is lossless.
 * Drop this file's Client subclass once the upstream bug is fixed.
 */
const TEXT_OID = 25;
const REPORTED_AS_TEXT = new Set([18, 19]);

function retypeFields<R>(result: R): R {
  // A multi-statement query yields an array of results.
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of (r as pg.QueryResult | undefined)?.fields ?? []) {
      if (REPORTED_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

type Callback = (err: Error | null, result?: unknown) => void;

// @prisma/adapter-pg 6.19 drops the shadow database before ending the pool that
// is still connected to it, so the DROP fails ("being accessed by other users")
// and `migrate dev` aborts. Forcing that one statement closes those connections.
const SHADOW_DROP = /^DROP DATABASE "prisma_migrate_shadow_db_[0-9a-f-]+"$/;

const SHADOW_DB = /^prisma_migrate_shadow_db_/;

export class CatalogSafeClient extends pg.Client {
  // A lost connection's error also fails the statement waiting on it (if any), so an error event
  // is only news to whoever holds the connection. Unheard, it is an uncaught error that ends the
  // process (web or worker, every tenant's runs) in a database restart or failover: nobody listens
  // while a connection is checked out between statements (pg-pool drops its idle listener then,
  // and adapter-pg listens only inside transactions). The forced DROP also ends the shadow pool's
  // idle connections, and that pool has no error listener, so those errors are dropped too.
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === "error" && (this.listenerCount("error") === 0 || SHADOW_DB.test(this.database ?? ""))) return false;
    return super.emit(event, ...args);
  }
}

// Assigned on the prototype so the class keeps pg.Client's overloaded `query`
// types. Both the callback form (used by pg.Pool internally) and the promise
// form must be covered.
const baseQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
CatalogSafeClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (typeof args[0] === "string" && SHADOW_DROP.test(args[0])) args[0] = `${args[0]} WITH (FORCE)`;
  const last = args.length - 1;
  const cb = args[last];
  if (typeof cb === "function") {
    args[last] = ((err, result) => (cb as Callback)(err, err ? result : retypeFields(result))) satisfies Callback;
    return baseQuery.apply(this, args);
  }
  const config = args[0] as { callback?: Callback } | undefined;
  if (config && typeof config === "object" && typeof config.callback === "function") {
    const inner = config.callback;
    config.callback = (err, result) => inner(err, err ? result : retypeFields(result));
    return baseQuery.apply(this, args);
  }
  const out = baseQuery.apply(this, args);
  // A Submittable (e.g. a cursor) is returned as is; it has no result fields.
  if (!(out instanceof Promise)) return out;
  return isTransactionEnd(args[0])
    ? out.then(retypeFields, (err: unknown) => giveBackBroken(this, err))
    : out.then(retypeFields);
} as typeof pg.Client.prototype.query;

/**
 * Prisma ends an interactive transaction by sending COMMIT or ROLLBACK and only then asks the
 * adapter to hand the connection back. When that statement fails (the connection was lost, as
 * in an outage or a failover), it never asks, and the pool slot is gone for good: after as
 * many such failures as the pool has slots, every query waits forever. So a failed end of a
 * transaction hands the connection back here, as broken, which makes the pool close it.
 */
const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i;

function isTransactionEnd(query: unknown): boolean {
  const text = typeof query === "string" ? query : (query as { text?: unknown } | undefined)?.text;
  return typeof text === "string" && TRANSACTION_END.test(text);
}

type PoolRelease = (err?: Error | boolean) => void;

/** Connections handed back here as broken; Prisma's own later release of one of them is a no-op. */
const releasedBroken = new WeakSet<object>();

function giveBackBroken(client: pg.Client, err: unknown): never {
  const release = (client as { release?: PoolRelease }).release;
  if (release && !releasedBroken.has(client)) {
    release(err instanceof Error ? err : true);
    releasedBroken.add(client);
  }
  throw err;
}

// The pool sets `release` on each checkout. Only a connection released above ignores a second
// release: any other double release still throws, as pg-pool means it to. A connection released
// as broken is closed by the pool, never checked out again, so its mark never meets a new owner.
Object.defineProperty(CatalogSafeClient.prototype, "release", {
  configurable: true,
  get(this: { releaseOnce?: PoolRelease }) {
    return this.releaseOnce;
  },
  set(this: { releaseOnce?: PoolRelease }, release: PoolRelease | undefined) {
    this.releaseOnce =
      release &&
      ((err) => {
        if (!releasedBroken.has(this)) release(err);
      });
  },
});

export function createPool(
  connectionString: string,
  options: Omit<pg.PoolConfig, "connectionString" | "Client"> = {},
): pg.Pool {
  // Discrete fields, not `connectionString`: the adapter derives its shadow
  // database pool as `{ ...pool.options, database }`, and a connection string
  // would silently override that `database` (so `migrate dev` would replay
  // migrations into the main database).
  return new pg.Pool({
    // A server that stopped answering (a failover, a dropped network) must become an error the
    // callers can tell as an outage, not a wait that holds a pool slot for as long as TCP retries.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...parseIntoClientConfig(connectionString),
    ...options,
    Client: CatalogSafeClient,
  });
}

export function createAdapter(
  connectionString: string,
  options?: Omit<pg.PoolConfig, "connectionString" | "Client">,
): PrismaPg {
  return new PrismaPg(createPool(connectionString, options), { disposeExternalPool: true });
}
