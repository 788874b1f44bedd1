// What a run leaves behind, for sizing (infra/README.md, "Sizing"): its Temporal history, and
// the rows, bytes and WAL it writes in PostgreSQL.
import type { Db } from "@switchyard/db";
import { workflowIdForRun, type EngineClient } from "@switchyard/workflows/worker";

/**
 * A backend reports its table statistics when it goes idle, at most once a second, and an idle
 * one can hold them back for up to 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): wait that out.
 */
const STATS_SETTLE_MS = 11_000;

interface PgSnapshot {
  rowsWritten: bigint;
  tableBytes: bigint;
  walLsn: string;
}

/** Rows inserted, updated and deleted, and the size (with indexes and TOAST) of this database's tables. */
async function pgSnapshot(db: Db): Promise<PgSnapshot> {
  const [row] = await db.$queryRaw<PgSnapshot[]>`
    select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint as "rowsWritten",
           coalesce(sum(pg_total_relation_size(relid)), 0)::bigint as "tableBytes",
           pg_current_wal_lsn()::text as "walLsn"
    from pg_stat_user_tables`;
  return row!;
}

export interface PgWrites {
  rows: number;
  tableBytes: number;
  /** The whole cluster's WAL: other databases' writes count too, so only a quiet server's figure is this bench's. */
  walBytes: number;
}

/** What `work` wrote in this database (its statistics allowed to settle first). */
export async function pgWritesDuring(db: Db, work: () => Promise<void>): Promise<PgWrites> {
  const before = await pgSnapshot(db);
  await work();
  await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
  const after = await pgSnapshot(db);
  const [wal] = await db.$queryRaw<{ bytes: bigint }[]>`
    select pg_wal_lsn_diff(${after.walLsn}::pg_lsn, ${before.walLsn}::pg_lsn)::bigint as bytes`;
  return {
    rows: Number(after.rowsWritten - before.rowsWritten),
    tableBytes: Number(after.tableBytes - before.tableBytes),
    walBytes: Number(wal!.bytes),
  };
}

/** History events and bytes per run, averaged over `runIds`. */
export async function historyPerRun(engine: EngineClient, runIds: string[]) {
  let events = 0;
  let bytes = 0;
  for (const runId of runIds) {
    const d = await engine.temporal.workflow.getHandle(workflowIdForRun(runId)).describe();
    events += d.historyLength;
    bytes += d.historySize ?? 0;
  }
  return { events: events / runIds.length, bytes: bytes / runIds.length };
}
