// The audit log on a real database: the services write their entries where the change happens,
// and the listing filters, pages in a stable order and never shows another workspace's entries.
import { randomBytes } from "node:crypto";
import { createLogger } from "@switchyard/connectors";
import { parseKeyRing, type Db } from "@switchyard/db";
import { seedMember, useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { auditQuery } from "../trpc/routers/audit.schema";
import { recordDecision } from "./approval-audit";
import { byAddress, recordAudit } from "./audit";
import { auditActions, listAudit } from "./audit-log";
import { addConnection, deleteConnection, renameConnectionChecked } from "./connections";
import { parseInput } from "./pagination";
import { applyWorkflow, setWorkflowEnabled } from "./workflows";

const t = useTestDatabase();
const keyRing = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
let s: Services;

async function workspaceWithAdmin(slug: string): Promise<ApiCaller> {
  const { id: workspaceId } = await t.db.workspace.create({ data: { slug, name: slug } });
  const ana = await seedMember(t.db, workspaceId, `ana@${slug}.example`, "admin");
  return { workspaceId, tokenId: null, role: "admin", member: ana };
}

beforeAll(() => {
  s = {
    db: t.db,
    keyRing: () => keyRing,
    logger: createLogger("audit-test"),
    baseUrls: {},
    oauth: { clients: {}, secret: undefined, publicUrl: "http://127.0.0.1:3000" },
  } as unknown as Services;
});

const list = (db: Db, caller: ApiCaller, query: Record<string, unknown> = {}) =>
  listAudit(db, caller.workspaceId, parseInput(auditQuery, query, "invalid_query"));
const entries = async (caller: ApiCaller, query: Record<string, unknown> = {}) =>
  (await list(t.db, caller, { limit: 100, ...query })).items.reverse();

const webhookFlow = (name: string) => ({
  name,
  trigger: { type: "webhook" },
  steps: [{ id: "echo", uses: "core.transform", with: { value: "{{ trigger.body }}" } }],
});

describe("audit entries written by the services", () => {
  it("records a workflow's creation and each new version, not a save that changes nothing", async () => {
    const caller = await workspaceWithAdmin("saves");
    const { id } = await applyWorkflow(s, caller, "greet", webhookFlow("Greet"));
    await applyWorkflow(s, caller, "greet", webhookFlow("Greet v2"));
    await applyWorkflow(s, caller, "greet", webhookFlow("Greet v2"));
    expect(await entries(caller)).toEqual([
      expect.objectContaining({
        action: "workflow.create",
        actorId: caller.member!.id,
        actorLabel: "ana@saves.example",
        targetType: "workflow",
        targetId: id,
        targetLabel: "greet",
        details: { name: "Greet", version: 1 },
      }),
      expect.objectContaining({ action: "workflow.save", targetId: id, details: { name: "Greet v2", version: 2 } }),
    ]);
  });

  it("records enabling and disabling when the state changes, and no enable the trigger could not follow", async () => {
    const caller = await workspaceWithAdmin("toggles");
    await applyWorkflow(s, caller, "greet", webhookFlow("Greet"));
    await setWorkflowEnabled(s, caller, "greet", false);
    await setWorkflowEnabled(s, caller, "greet", false);
    await setWorkflowEnabled(s, caller, "greet", true);
    // An app event through a connection the workspace lacks: saved, but left disabled.
    const listens = {
      name: "Listens",
      trigger: { type: "event", uses: "slack.newMessage", connection: "team", with: { channel: "C0123ABCD" } },
      steps: [{ id: "echo", uses: "core.transform", with: { value: "{{ trigger.text }}" } }],
    };
    await expect(applyWorkflow(s, caller, "listens", listens)).rejects.toMatchObject({ status: 409 });
    await expect(setWorkflowEnabled(s, caller, "listens", true)).rejects.toMatchObject({ status: 409 });
    const log = await entries(caller);
    expect(log.map((e) => [e.action, e.targetLabel])).toEqual([
      ["workflow.create", "greet"],
      ["workflow.disable", "greet"],
      ["workflow.enable", "greet"],
      ["workflow.create", "listens"],
    ]);
  });

  it("records a connection's creation, rename and deletion, never its secrets", async () => {
    const caller = await workspaceWithAdmin("connections");
    const created = await addConnection(s, caller, {
      name: "orders",
      connector: "postgres",
      credentials: { connectionString: "postgresql://app:hunter2@db.example/orders?sslmode=verify-full" },
    });
    await renameConnectionChecked(s, caller, created.id, "orders-main");
    await deleteConnection(s, caller, created.id);
    const log = await entries(caller);
    expect(log).toEqual([
      expect.objectContaining({
        action: "connection.create",
        targetId: created.id,
        targetLabel: "orders",
        details: { connector: "postgres" },
      }),
      expect.objectContaining({
        action: "connection.rename",
        targetLabel: "orders-main",
        details: { connector: "postgres", from: "orders", to: "orders-main" },
      }),
      expect.objectContaining({ action: "connection.delete", targetLabel: "orders-main" }),
    ]);
    expect(JSON.stringify(log)).not.toContain("hunter2");
  });

  it("records a decision under the decider's address, with the approval's title and the channel", async () => {
    const caller = await workspaceWithAdmin("decisions");
    await recordDecision(t.db, byAddress("bo@decisions.example"), {
      workspaceId: caller.workspaceId,
      approvalId: "approval-that-is-gone",
      decision: "approve",
      channel: "email",
      reply: { status: "pending", decidedBy: [], approvals: 1, quorum: 2 },
    });
    expect(await entries(caller)).toEqual([
      expect.objectContaining({
        action: "approval.decide",
        actorId: null,
        actorLabel: "bo@decisions.example",
        targetType: "approval",
        targetId: "approval-that-is-gone",
        targetLabel: null,
        details: { decision: "approve", channel: "email", outcome: "pending", approvals: 1, quorum: 2 },
      }),
    ]);
  });
});

describe("listing the audit log", () => {
  let home: ApiCaller;
  let other: ApiCaller;
  const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 12, minute));

  beforeAll(async () => {
    home = await workspaceWithAdmin("listing");
    other = await workspaceWithAdmin("listing-other");
    const rows = [
      { minute: 0, action: "workflow.save", actorLabel: "Ana@Listing.example", targetType: "workflow" },
      { minute: 1, action: "connection.create", actorLabel: "bo@listing.example", targetType: "connection" },
      { minute: 2, action: "workflow.enable", actorLabel: "API token tok_1", targetType: "workflow" },
      { minute: 3, action: "workflow.save", actorLabel: "bo@listing.example", targetType: "workflow" },
    ];
    await t.db.auditEntry.createMany({
      data: rows.map(({ minute, ...r }) => ({ workspaceId: home.workspaceId, createdAt: at(minute), ...r })),
    });
    // The other workspace's entries match every filter used below.
    await t.db.auditEntry.createMany({
      data: rows.map(({ minute, ...r }) => ({ workspaceId: other.workspaceId, createdAt: at(minute), ...r })),
    });
  });

  const summary = async (query: Record<string, unknown>) =>
    (await list(t.db, home, query)).items.map((e) => [e.createdAt.slice(11, 16), e.action, e.actorLabel]);

  it("answers newest first, filtered by action, actor (any case, any part), target type and time", async () => {
    expect(await summary({})).toEqual([
      ["12:03", "workflow.save", "bo@listing.example"],
      ["12:02", "workflow.enable", "API token tok_1"],
      ["12:01", "connection.create", "bo@listing.example"],
      ["12:00", "workflow.save", "Ana@Listing.example"],
    ]);
    expect(await summary({ action: "workflow.save" })).toEqual([
      ["12:03", "workflow.save", "bo@listing.example"],
      ["12:00", "workflow.save", "Ana@Listing.example"],
    ]);
    expect((await summary({ actor: "ana@LISTING" })).map((r) => r[0])).toEqual(["12:00"]);
    expect((await summary({ targetType: "connection" })).map((r) => r[0])).toEqual(["12:01"]);
    const range = { from: at(1).toISOString(), to: at(3).toISOString() };
    expect((await summary(range)).map((r) => r[0])).toEqual(["12:02", "12:01"]);
    expect((await summary({ ...range, actor: "bo@" })).map((r) => r[0])).toEqual(["12:01"]);
  });

  it("offers the actions this workspace's log holds", async () => {
    expect(await auditActions(t.db, home.workspaceId)).toEqual([
      "connection.create",
      "workflow.enable",
      "workflow.save",
    ]);
  });

  it("never shows another workspace's entries", async () => {
    const mine = await list(t.db, home, { limit: 100 });
    const ids = new Set(mine.items.map((e) => e.id));
    const theirs = await list(t.db, other, { limit: 100 });
    expect(mine.items).toHaveLength(4);
    expect(theirs.items).toHaveLength(4);
    expect(theirs.items.filter((e) => ids.has(e.id))).toEqual([]);
    const stranger = await workspaceWithAdmin("listing-empty");
    expect(await list(t.db, stranger, { action: "workflow.save" })).toEqual({ items: [], nextCursor: null });
  });

  it("refuses malformed filters with a 400 naming each", () => {
    expect(() => parseInput(auditQuery, { from: "yesterday" }, "invalid_query")).toThrow(
      /from: from must be an ISO 8601 date-time/,
    );
    expect(() =>
      parseInput(auditQuery, { from: at(2).toISOString(), to: at(1).toISOString() }, "invalid_query"),
    ).toThrow(/from must be before to/);
    expect(() => parseInput(auditQuery, { targetType: "run" }, "invalid_query")).toThrow(/targetType must be one of/);
    expect(() => parseInput(auditQuery, { action: "DROP TABLE" }, "invalid_query")).toThrow(/dotted verb/);
  });
});

describe("paging the audit log", () => {
  it("visits every entry once, in a stable order, when many share one timestamp", async () => {
    const caller = await workspaceWithAdmin("paging");
    const same = new Date(Date.UTC(2030, 5, 1));
    for (let i = 0; i < 7; i++)
      await recordAudit(t.db, caller, { action: "workflow.save", targetType: "workflow", targetLabel: `w${i}` });
    await t.db.auditEntry.updateMany({ where: { workspaceId: caller.workspaceId }, data: { createdAt: same } });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(t.db, caller, { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = await t.db.auditEntry.findMany({ where: { workspaceId: caller.workspaceId }, select: { id: true } });
    expect(seen).toEqual(
      all
        .map((e) => e.id)
        .sort()
        .reverse(),
    );
  });
});
