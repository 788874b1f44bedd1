// Webhook rate limits as token buckets in PostgreSQL, so they hold across every web process.
// One statement takes a token from the workflow's bucket and, only if it got one, from the
// workspace's: a workflow over its own limit does not spend its workspace's budget.
import { Prisma, type Db } from "@switchyard/db";
import type { RateLimit } from "@switchyard/workflows/definition";

export type RateDecision =
  | { granted: true }
  | { granted: false; retryAfterSeconds: number; limit: "workflow" | "workspace" };

interface BucketRow {
  wf_tokens: number;
  wf_granted: boolean;
  ws_tokens: number | null;
  ws_granted: boolean | null;
}

/**
 * The bucket `b` refilled by the time since its last request (never negative: a request that waited
 * for the row's lock may carry an earlier statement time), capped at the burst; one token taken if whole.
 */
function takeFrom({ perSecond, burst }: RateLimit): Prisma.Sql {
  const refilled = Prisma.sql`least(${burst}::float8, b.tokens + ${perSecond}::float8 *
    greatest(0, extract(epoch from statement_timestamp() - b."updatedAt"))::float8)`;
  return Prisma.sql`granted = ${refilled} >= 1,
    tokens = ${refilled} - (case when ${refilled} >= 1 then 1 else 0 end),
    "updatedAt" = greatest(b."updatedAt", statement_timestamp())`;
}

/** Seconds until a bucket refilling at `perSecond` holds one whole token again. */
const secondsUntilToken = (tokens: number, perSecond: number) => Math.max(1, Math.ceil((1 - tokens) / perSecond));

export async function takeWebhookToken(
  db: Db,
  at: { workflowId: string; workspaceId: string },
  workflow: RateLimit,
  workspace: RateLimit,
): Promise<RateDecision> {
  const rows = await db.$queryRaw<BucketRow[]>`
    with wf as (
      insert into "WebhookRateBucket" as b (key, tokens, granted, "updatedAt")
      values (${`wf:${at.workflowId}`}, ${workflow.burst - 1}, true, statement_timestamp())
      on conflict (key) do update set ${takeFrom(workflow)}
      returning b.tokens, b.granted
    ), ws as (
      insert into "WebhookRateBucket" as b (key, tokens, granted, "updatedAt")
      select ${`ws:${at.workspaceId}`}, ${workspace.burst - 1}, true, statement_timestamp()
      where (select granted from wf)
      on conflict (key) do update set ${takeFrom(workspace)}
      returning b.tokens, b.granted
    )
    select wf.tokens as wf_tokens, wf.granted as wf_granted, ws.tokens as ws_tokens, ws.granted as ws_granted
    from wf left join ws on true`;
  const row = rows[0]!;
  if (!row.wf_granted)
    return {
      granted: false,
      limit: "workflow",
      retryAfterSeconds: secondsUntilToken(row.wf_tokens, workflow.perSecond),
    };
  if (row.ws_granted === false) {
    // Refused by its workspace, the request spends nothing of its workflow's budget either.
    await db.$executeRaw`
      UPDATE "WebhookRateBucket" SET tokens = least(${workflow.burst}::float8, tokens + 1)
      WHERE key = ${`wf:${at.workflowId}`}`;
    return {
      granted: false,
      limit: "workspace",
      retryAfterSeconds: secondsUntilToken(row.ws_tokens!, workspace.perSecond),
    };
  }
  return { granted: true };
}
