import type { Db } from "@switchyard/db";
import { countRefusals, type RefusalCount as NotedRefusals, type RefusalReason } from "@switchyard/workflows/engine";
import type { Services } from "../context";
import { ApiError } from "../http/errors";

/** The counted reason a webhook's error answer stands for, if it is one. */
function refusalOf(err: unknown): RefusalReason | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.status === 401) return "bad_signature";
  if (err.status === 405) return "method_not_allowed";
  if (err.status === 413) return "too_large";
  if (err.status === 429) return "rate_limited";
  return err.code === "workflow_disabled" ? "workflow_disabled" : undefined;
}

/** Takes a delivery of a known workflow, counting its refusal (by the error it throws) before answering it. */
export async function countingRefusals<T>(s: Services, workflowId: string, take: () => Promise<T>): Promise<T> {
  try {
    return await take();
  } catch (err) {
    const reason = refusalOf(err);
    if (reason) await s.refusals.note(workflowId, reason);
    throw err;
  }
}

export interface RefusalTally {
  /** Counts one refusal; written with the others of its second (or at once, with `intervalMs` 0). */
  note(workflowId: string, reason: RefusalReason): Promise<void>;
  /** Writes what was noted and not yet written. */
  flush(): Promise<void>;
}

/** Refusals noted before a flush is forced, whatever the interval: the tally's memory is bounded. */
const MAX_NOTED = 10_000;

/**
 * Refusals counted in memory and written once a second, in one statement: a flood of bad
 * deliveries costs the database a write per workflow and reason each second, not one per
 * request. A process that dies loses at most its last second of counts.
 */
export function createRefusalTally(
  write: (counts: NotedRefusals[]) => Promise<void>,
  { intervalMs = 1_000 }: { intervalMs?: number } = {},
): RefusalTally {
  let noted = new Map<string, NotedRefusals>();
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const counts = [...noted.values()];
    noted = new Map();
    total = 0;
    await write(counts);
  };
  return {
    async note(workflowId, reason) {
      const key = `${workflowId}\0${reason}`;
      const now = new Date();
      const entry = noted.get(key);
      if (entry) {
        entry.count++;
        entry.lastAt = now;
      } else noted.set(key, { workflowId, reason, count: 1, firstAt: now, lastAt: now });
      if (intervalMs === 0 || ++total >= MAX_NOTED) return flush();
      timer ??= setTimeout(() => void flush(), intervalMs);
      timer.unref?.();
    },
    flush,
  };
}

/** The tally of a process, writing through the engine. */
export const refusalTallyFor = (deps: Parameters<typeof countRefusals>[0], intervalMs?: number) =>
  createRefusalTally((counts) => countRefusals(deps, counts), { intervalMs });

export interface RefusalCount {
  reason: string;
  count: number;
  firstAt: string;
  lastAt: string;
}

/** What a workflow's webhook refused, by reason, the most recent first. */
export async function refusalsOf(db: Db, workflowId: string): Promise<RefusalCount[]> {
  const rows = await db.webhookRefusal.findMany({
    where: { workflowId },
    orderBy: { lastAt: "desc" },
  });
  return rows.map((r) => ({
    reason: r.reason,
    count: Number(r.count),
    firstAt: r.firstAt.toISOString(),
    lastAt: r.lastAt.toISOString(),
  }));
}
