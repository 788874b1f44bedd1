import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createBufferedTriggerStore,
  createTriggerStore,
  KeyRing,
  keyIdOf,
  rotateSecretKeys,
  TriggerStateConflictError,
} from ".";

const t = useTestDatabase();
const keyA = randomBytes(32);
const ringA = new KeyRing(keyA);
let workflowId: string;
let otherWorkflowId: string;

beforeAll(async () => {
  const ws = await t.db.workspace.create({ data: { slug: "ts-ws", name: "TS" } });
  workflowId = (await t.db.workflow.create({ data: { workspaceId: ws.id, slug: "poller", name: "Poller" } })).id;
  otherWorkflowId = (await t.db.workflow.create({ data: { workspaceId: ws.id, slug: "other", name: "Other" } })).id;
});

describe("trigger state", () => {
  it("keeps values per workflow and trigger key, sealed at rest", async () => {
    const secret = `whsec-${randomBytes(16).toString("hex")}`;
    const store = createTriggerStore(t.db, ringA, { workflowId, triggerKey: "k1" });
    expect(await store.get("cursor")).toBeUndefined();
    await store.set("cursor", { row: 12 });
    await store.set("webhookSecret", secret);
    await store.set("cursor", { row: 13 });
    expect(await store.get("cursor")).toEqual({ row: 13 });
    expect(await store.get("webhookSecret")).toBe(secret);

    // Another trigger configuration of the same workflow, or another workflow, sees nothing.
    expect(await createTriggerStore(t.db, ringA, { workflowId, triggerKey: "k2" }).get("cursor")).toBeUndefined();
    expect(
      await createTriggerStore(t.db, ringA, { workflowId: otherWorkflowId, triggerKey: "k1" }).get("cursor"),
    ).toBeUndefined();

    const rows = await t.db.triggerState.findMany({ where: { workflowId } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.keyId === keyIdOf(keyA))).toBe(true);
    const { stdout } = await promisify(execFile)("pg_dump", ["--data-only", "--table", '"TriggerState"', t.url], {
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain(keyIdOf(keyA));
    expect(stdout).not.toContain(secret);

    await store.delete("webhookSecret");
    expect(await store.get("webhookSecret")).toBeUndefined();
    await store.delete("never-set");
  });

  it("a value copied to another key does not decrypt (AAD)", async () => {
    const store = createTriggerStore(t.db, ringA, { workflowId, triggerKey: "aad" });
    await store.set("a", "alpha");
    await store.set("b", "beta");
    const a = await t.db.triggerState.findFirstOrThrow({ where: { workflowId, triggerKey: "aad", key: "a" } });
    await t.db.triggerState.updateMany({
      where: { workflowId, triggerKey: "aad", key: "b" },
      data: { value: a.value as object },
    });
    await expect(store.get("b")).rejects.toThrow(/could not authenticate/);
    await store.delete("b");
  });

  it("the buffered store writes nothing until commit, then commits inside the given transaction", async () => {
    const scope = { workflowId, triggerKey: "buffered" };
    const buffered = createBufferedTriggerStore(t.db, ringA, scope);
    await createTriggerStore(t.db, ringA, scope).set("gone", 1);
    await buffered.set("seen", ["a", "b"]);
    await buffered.delete("gone");
    expect(await buffered.get("seen")).toEqual(["a", "b"]);
    expect(await buffered.get("gone")).toBeUndefined();
    expect(await createTriggerStore(t.db, ringA, scope).get("gone")).toBe(1);

    // A failed transaction leaves the stored state as it was.
    await expect(
      t.db.$transaction(async (tx) => {
        await buffered.commit(tx);
        throw new Error("run creation failed");
      }),
    ).rejects.toThrow("run creation failed");
    const fresh = createTriggerStore(t.db, ringA, scope);
    expect(await fresh.get("seen")).toBeUndefined();

    const again = createBufferedTriggerStore(t.db, ringA, scope);
    await again.set("seen", ["a", "b"]);
    await again.delete("gone");
    await t.db.$transaction((tx) => again.commit(tx));
    expect(await fresh.get("seen")).toEqual(["a", "b"]);
    expect(await fresh.get("gone")).toBeUndefined();
  });

  it("of two overlapping polls, only the first to commit wins; the other is refused, not merged", async () => {
    const scope = { workflowId, triggerKey: "race" };
    await createTriggerStore(t.db, ringA, scope).set("seen", ["a"]);
    const first = createBufferedTriggerStore(t.db, ringA, scope);
    const second = createBufferedTriggerStore(t.db, ringA, scope);
    expect(await first.get("seen")).toEqual(["a"]);
    expect(await second.get("seen")).toEqual(["a"]);
    await first.set("seen", ["a", "b"]);
    await second.set("seen", ["a", "b"]);
    await t.db.$transaction((tx) => first.commit(tx));
    await expect(t.db.$transaction((tx) => second.commit(tx))).rejects.toBeInstanceOf(TriggerStateConflictError);
    expect(await createTriggerStore(t.db, ringA, scope).get("seen")).toEqual(["a", "b"]);
  });

  it("key rotation re-encrypts trigger state too", async () => {
    const store = createTriggerStore(t.db, ringA, { workflowId, triggerKey: "rot" });
    await store.set("secret", "s-1");
    const keyB = randomBytes(32);
    const result = await rotateSecretKeys(t.db, new KeyRing(keyB, [keyA]));
    expect(result.failed.filter((f) => f.table === "TriggerState").map((f) => f.keyId)).toEqual([]);
    const row = await t.db.triggerState.findFirstOrThrow({ where: { workflowId, triggerKey: "rot" } });
    expect(row.keyId).toBe(keyIdOf(keyB));
    expect(await createTriggerStore(t.db, new KeyRing(keyB), { workflowId, triggerKey: "rot" }).get("secret")).toBe(
      "s-1",
    );
  });
});
