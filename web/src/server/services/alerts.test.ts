// The alert feed on a real database: the worker's alerts, newest first, each with where to fix it,
// read and unread per workspace, and nothing of another workspace's.
import { seedRun, seedWorkflow, useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { countUnreadAlerts, listAlerts, markAlertsRead } from "./alerts";

const t = useTestDatabase();
const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 9, minute));
let home: { workspaceId: string; slug: string; runId: string };
let otherWorkspaceId: string;
const ids: Record<string, string> = {};

const flow = {
  name: "Nightly",
  trigger: { type: "webhook" },
  steps: [{ id: "echo", uses: "core.transform", with: { value: "{{ trigger.body }}" } }],
};

beforeAll(async () => {
  const seeded = await seedWorkflow(t.db, flow, "nightly", "alerts-home");
  home = { workspaceId: seeded.workspaceId, slug: "alerts-home", runId: await seedRun(t.db, seeded) };
  const other = await seedWorkflow(t.db, flow, "nightly", "alerts-other");
  otherWorkspaceId = other.workspaceId;
  // As the worker writes them (finish-run, refresh, poll), oldest first.
  const rows = {
    run: { runId: home.runId, kind: "run_failed", details: { status: "failed", workflow: "nightly" } },
    reauth: { kind: "connection_needs_reauth", details: { connectionId: "conn_1", connector: "slack" } },
    trigger: { kind: "trigger_failed", details: { workflow: "nightly", workflowId: seeded.workflowId } },
    other: { kind: "something_new", details: null },
  };
  let minute = 0;
  for (const [key, row] of Object.entries(rows)) {
    const { details, ...rest } = row;
    const created = await t.db.alert.create({
      data: {
        workspaceId: home.workspaceId,
        title: key,
        message: `${key} message`,
        createdAt: at(minute++),
        ...rest,
        ...(details ? { details } : {}),
      },
    });
    ids[key] = created.id;
  }
  ids.foreign = (
    await t.db.alert.create({
      data: {
        workspaceId: otherWorkspaceId,
        kind: "run_failed",
        title: "theirs",
        message: "theirs",
        createdAt: at(30),
      },
    })
  ).id;
});

describe("the alert feed", () => {
  it("lists the workspace's alerts newest first, each with its fix computed on the server", async () => {
    const page = await listAlerts(t.db, home.workspaceId, { limit: 20 });
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((a) => [a.title, a.fix])).toEqual([
      ["other", null],
      ["trigger", { href: "/w/alerts-home/workflows/nightly", label: "Open workflow" }],
      ["reauth", { href: "/w/alerts-home/connections/conn_1", label: "Reconnect" }],
      ["run", { href: `/w/alerts-home/runs/${home.runId}`, label: "Open run" }],
    ]);
    expect(page.items[3]).toMatchObject({
      kind: "run_failed",
      message: "run message",
      createdAt: at(0).toISOString(),
      read: false,
      runId: home.runId,
    });
  });

  it("pages with a cursor", async () => {
    const first = await listAlerts(t.db, home.workspaceId, { limit: 3 });
    const rest = await listAlerts(t.db, home.workspaceId, { limit: 3, cursor: first.nextCursor! });
    expect([...first.items, ...rest.items].map((a) => a.title)).toEqual(["other", "trigger", "reauth", "run"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("marks named alerts read, never another workspace's", async () => {
    expect(await countUnreadAlerts(t.db, home.workspaceId)).toBe(4);
    expect(await markAlertsRead(t.db, home.workspaceId, [ids.run!, ids.foreign!], at(40))).toEqual({ updated: 1 });
    const foreign = await t.db.alert.findUniqueOrThrow({ where: { id: ids.foreign! } });
    expect(foreign.readAt).toBeNull();
    const unread = await listAlerts(t.db, home.workspaceId, { limit: 20, unread: true });
    expect(unread.items.map((a) => a.title)).toEqual(["other", "trigger", "reauth"]);
    expect(await countUnreadAlerts(t.db, home.workspaceId)).toBe(3);
  });

  it("marks all read up to now: an alert raised after that stays unread", async () => {
    const later = await t.db.alert.create({
      data: { workspaceId: home.workspaceId, kind: "run_failed", title: "later", message: "later", createdAt: at(50) },
    });
    expect(await markAlertsRead(t.db, home.workspaceId, undefined, at(45))).toEqual({ updated: 3 });
    const unread = await listAlerts(t.db, home.workspaceId, { limit: 20, unread: true });
    expect(unread.items.map((a) => a.id)).toEqual([later.id]);
    expect(await countUnreadAlerts(t.db, otherWorkspaceId)).toBe(1);
  });
});
