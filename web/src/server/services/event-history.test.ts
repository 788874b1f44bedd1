// Events through real parts (PostgreSQL, Temporal with an in-process worker): webhooks are listed with
// their headers redacted and their bodies cut to 4 KB, each shown whole on its own, refused deliveries
// counted per workflow, and an event replayed as a new run, unless retention removed its body.
import { useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { removeExpiredEventBodies } from "@switchyard/workflows/worker";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { REDACTED } from "../http/headers";
import { getEvent, listEvents, PREVIEW_BYTES } from "./event-history";
import { listEventsQuery } from "./event-history.schema";
import { replayEvent } from "./event-replay";
import { receiveHook } from "./hooks";
import { rerunRun } from "./runs";
import { editorOfNewWorkspace, transformFlow, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow, setWorkflowEnabled } from "./workflows";

const t = useTestDatabase();
const h = useEngine(t, "events");
let s: Services;
let caller: ApiCaller;
let token: string;

const list = (query: Record<string, string> = {}) =>
  listEvents(s.db, caller.workspaceId, listEventsQuery.parse({ workflow: "orders", ...query }));

/** The webhook's answer as the route sends it: 202 `{runId}`. */
const hook = async (init: RequestInit & { headers?: Record<string, string> }) =>
  (await (
    await receiveHook(s, token, new Request(`http://127.0.0.1/hooks/${token}?page=2`, { method: "POST", ...init }))
  ).json()) as { runId: string };

async function finished(runId: string): Promise<string> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const { status } = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    if (status !== "queued" && status !== "running") return status;
  }
  throw new Error(`run ${runId} did not finish`);
}

const outputOf = async (runId: string) =>
  (await t.db.stepRun.findFirstOrThrow({ where: { runId, stepId: "echo" } })).output;

beforeAll(async () => {
  s = { ...workflowTestServices(t.db), engine: async () => h.engine };
  caller = await editorOfNewWorkspace(t.db, "events");
  const { hookUrl } = await applyWorkflow(s, caller, "orders", transformFlow("Orders"));
  token = hookUrl!.replace(/^\/hooks\//, "");
});

describe("events", () => {
  it("lists webhooks newest first: redacted headers, a 4 KB preview with the stored size, and the run each started", async () => {
    const big = { text: "é".repeat(5_000) };
    const first = await hook({
      body: JSON.stringify(big),
      headers: {
        "content-type": "application/json",
        authorization: "Bearer sender-secret",
        cookie: "sid=1",
        "x-hub-signature-256": "sha256=abc",
        "stripe-signature": "t=1,v1=abc",
        "x-api-key": "k",
        "x-vendor-proof": "named by the workflow's auth",
        "x-request-id": "req-1",
        "idempotency-key": "order-1",
      },
    });
    const second = await hook({ body: "plain text", headers: { "content-type": "text/plain" } });
    // An auth given to the workflow since: the header it reads is redacted in events stored before it too.
    const auth = { type: "header", name: "x-vendor-proof", value: { sealed: `whsec_${"0".repeat(32)}` } };
    await t.db.$executeRaw`
      UPDATE "WorkflowVersion" SET definition = jsonb_set(definition, '{trigger,auth}', ${JSON.stringify(auth)}::jsonb)
      WHERE "workflowId" = (SELECT "workflowId" FROM "Run" WHERE id = ${first.runId})`;
    expect(await finished(first.runId)).toBe("succeeded");
    expect(await finished(second.runId)).toBe("succeeded");

    const { items, nextCursor, refusals } = await list();
    expect(nextCursor).toBeNull();
    expect(refusals).toEqual([]);
    expect(items.map((e) => e.run?.id)).toEqual([second.runId, first.runId]);
    const [text, json] = items;
    expect(text).toMatchObject({
      workflow: "orders",
      source: "webhook",
      method: "POST",
      bodyPreview: "plain text",
      bodyBytes: 10,
      truncated: false,
      verification: "none",
      idempotencyKey: null,
      run: { id: second.runId, status: "succeeded" },
      replayOf: null,
    });
    expect(json!.headers).toMatchObject({
      authorization: REDACTED,
      cookie: REDACTED,
      "x-hub-signature-256": REDACTED,
      "stripe-signature": REDACTED,
      "x-api-key": REDACTED,
      "x-vendor-proof": REDACTED,
      "x-request-id": "req-1",
    });
    expect(json).toMatchObject({ idempotencyKey: "order-1", truncated: true, bodyEncoding: null });
    // Postgres's JSON text of the body ({"text": "éé…"}): 2 bytes a character, cut whole.
    expect(json!.bodyBytes).toBe('{"text": ""}'.length + 10_000);
    expect(json!.bodyPreview).toBe(`{"text": "${"é".repeat((PREVIEW_BYTES - 10) / 2)}`);

    const detail = await getEvent(s.db, caller.workspaceId, json!.id);
    expect(detail).toMatchObject({ body: big, query: { page: "2" }, runs: [{ id: first.runId, source: "webhook" }] });
    expect(JSON.stringify(detail)).not.toMatch(/sender-secret|sha256=abc|named by the workflow/);
    await t.db.$executeRaw`
      UPDATE "WorkflowVersion" SET definition = definition #- '{trigger,auth}'
      WHERE "workflowId" = (SELECT "workflowId" FROM "Run" WHERE id = ${first.runId})`;

    const page = await list({ limit: "1" });
    expect(page.items.map((e) => e.id)).toEqual([text!.id]);
    expect((await list({ limit: "1", cursor: page.nextCursor! })).items.map((e) => e.id)).toEqual([json!.id]);
    expect((await list({ status: "succeeded", source: "webhook" })).items).toHaveLength(2);
    expect((await list({ status: "failed" })).items).toEqual([]);
    expect((await list({ source: "replay" })).items).toEqual([]);

    const stranger = await editorOfNewWorkspace(t.db, "events-stranger");
    await expect(getEvent(s.db, stranger.workspaceId, json!.id)).rejects.toMatchObject({ status: 404 });
    await expect(replayEvent(s, stranger, json!.id)).rejects.toMatchObject({ status: 404 });
  });

  it("replays a stored event as a new run of the current version, linked to the first event", async () => {
    const original = await hook({
      body: JSON.stringify({ n: 7 }),
      headers: { "content-type": "application/json" },
    });
    await finished(original.runId);
    const { eventId: originalEvent } = await t.db.run.findUniqueOrThrow({ where: { id: original.runId } });

    const replayed = await replayEvent(s, caller, originalEvent!);
    expect(await finished(replayed.runId)).toBe("succeeded");
    expect(await outputOf(replayed.runId)).toEqual(await outputOf(original.runId));
    expect(await t.db.run.findUniqueOrThrow({ where: { id: replayed.runId } })).toMatchObject({
      source: "replay",
      startedById: caller.member!.id,
    });
    const again = await replayEvent(s, caller, replayed.eventId);
    await finished(again.runId);

    const { items } = await list({ source: "replay" });
    expect(items.map((e) => [e.id, e.replayOf, e.run?.id])).toEqual([
      [again.eventId, originalEvent, again.runId],
      [replayed.eventId, originalEvent, replayed.runId],
    ]);
    expect(items[0]).toMatchObject({ method: "POST", bodyPreview: '{"n": 7}', verification: null });
  });

  it("counts refused deliveries per workflow and reason, and shows them with the workflow's events", async () => {
    await expect(hook({ method: "PUT", body: "{}" })).rejects.toMatchObject({ status: 405 });
    await expect(hook({ method: "PUT", body: "{}" })).rejects.toMatchObject({ status: 405 });
    await expect(hook({ body: "x".repeat(s.webhookMaxBytes + 1) })).rejects.toMatchObject({ status: 413 });
    await setWorkflowEnabled(s, caller, "orders", false);
    await expect(hook({ body: "{}" })).rejects.toMatchObject({ status: 409 });
    await setWorkflowEnabled(s, caller, "orders", true);

    const { refusals } = await list();
    expect(Object.fromEntries(refusals!.map((r) => [r.reason, r.count]))).toEqual({
      method_not_allowed: 2,
      too_large: 1,
      workflow_disabled: 1,
    });
    expect(refusals![0]).toMatchObject({ reason: "workflow_disabled", firstAt: expect.any(String) });
    expect((await listEvents(s.db, caller.workspaceId, listEventsQuery.parse({}))).refusals).toBeUndefined();
  });

  it("keeps the row once retention removed the body, and refuses to replay or re-run it (410)", async () => {
    const accepted = await hook({ body: "to forget", headers: { "content-type": "text/plain" } });
    await finished(accepted.runId);
    const { eventId } = await t.db.run.findUniqueOrThrow({ where: { id: accepted.runId } });
    const later = new Date(Date.now() + 31 * 86_400_000);
    while (
      (await removeExpiredEventBodies(t.db, { retentionMs: 30 * 86_400_000, batchSize: 100, now: () => later })) > 0
    );

    const detail = await getEvent(s.db, caller.workspaceId, eventId!);
    expect(detail).toMatchObject({
      bodyPreview: null,
      body: null,
      bodyBytes: "to forget".length,
      bodyDeletedAt: later.toISOString(),
      method: "POST",
      run: { id: accepted.runId },
    });
    await expect(replayEvent(s, caller, eventId!)).rejects.toMatchObject({ status: 410, code: "body_expired" });
    await expect(rerunRun(s, caller.workspaceId, accepted.runId, {}, null)).rejects.toMatchObject({
      status: 410,
      code: "body_expired",
    });
  });
});
