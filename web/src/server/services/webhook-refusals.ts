import type { Db } from "@switchyard/db";
import { countRefusal, type RefusalReason } from "@switchyard/workflows/engine";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { engineDeps } from "./engine-deps";

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
    if (reason) await countRefusal(engineDeps(s), { workflowId }, reason);
    throw err;
  }
}

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
