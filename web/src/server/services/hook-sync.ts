// A sync webhook's answer: its run's core.respond step as soon as that runs, else the run's
// summary once it finishes, else 202 with the run's id at the timeout. Woken by the database's
// announcements (run-waits), never by polling.
import { isAnswerHeader } from "@switchyard/connectors/http-names";
import { isRunFinished } from "~/lib/runs/status";
import { findRun, summary, summaryInclude } from "./runs";
import type { Services } from "../context";
import { firstOf } from "./run-waits";

/** A workflow's answer is served from Switchyard's own origin: it runs sandboxed, as a page of no origin. */
const CONFINED = { "content-security-policy": "sandbox", "x-content-type-options": "nosniff" } as const;

interface StoredAnswer {
  status: number;
  headers: unknown;
  body: unknown;
}

export function answerOf({ status, headers, body }: StoredAnswer): Response {
  const out = new Headers();
  // Checked at save too, but a templated `headers` object is only known now.
  for (const [name, value] of Object.entries((headers ?? {}) as Record<string, string>)) {
    if (!isAnswerHeader(name)) continue;
    try {
      out.set(name, value);
    } catch {
      // A value Headers refuses (a line break): left out rather than failing the answer.
    }
  }
  const empty = status === 204 || status === 205 || status === 304;
  const text =
    empty || body === null || body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
  if (text !== null && !out.has("content-type"))
    out.set("content-type", typeof body === "string" ? "text/plain; charset=utf-8" : "application/json");
  for (const [name, value] of Object.entries(CONFINED)) out.set(name, value);
  return new Response(text, { status, headers: out });
}

/** A run that ends so without answering is the sender's 500: what it asked for did not happen. */
const UNSUCCESSFUL = new Set(["failed", "cancelled", "failed_to_start"]);

const pending = (runId: string) => Response.json({ runId }, { status: 202 });

/** What a sync webhook answers for `runId`, waiting up to `ms`. */
export async function awaitHookAnswer(
  s: Pick<Services, "db" | "runWaits" | "logger">,
  at: { workspaceId: string; runId: string },
  ms: number,
  signal?: AbortSignal,
): Promise<Response> {
  const { db } = s;
  const deadline = Date.now() + ms;
  // Too many waits in the workspace, or no LISTEN connection: the run is accepted all the same,
  // and answered as it stands.
  const watch = await s.runWaits.watch(at.workspaceId, at.runId).catch((err: unknown) => {
    s.logger.warn("sync webhook answered without waiting", {
      runId: at.runId,
      error: err instanceof Error ? err.message : String(err),
    });
    return undefined;
  });
  try {
    for (;;) {
      const woken = watch?.next();
      const answer = await db.runResponse.findUnique({
        where: { runId: at.runId },
        select: { status: true, headers: true, body: true },
      });
      if (answer) return answerOf(answer);
      const run = await findRun(db, at.workspaceId, at.runId, summaryInclude);
      if (isRunFinished(run.status))
        return Response.json(summary(run), { status: UNSUCCESSFUL.has(run.status) ? 500 : 200 });
      const left = deadline - Date.now();
      if (!woken || left <= 0 || signal?.aborted) return pending(at.runId);
      await firstOf(woken, left, signal);
    }
  } finally {
    watch?.stop();
  }
}
