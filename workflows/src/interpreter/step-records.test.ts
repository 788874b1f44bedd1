// Every step ends with a truthful record, whatever its id and however it failed.
import { randomBytes } from "node:crypto";
import { parseKeyRing } from "@switchyard/db";
import { runToCompletion, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZE } from "./fan-out";

const t = useTestDatabase();
// A key ring, so a missing connection fails as "no connection named", not as "no key configured".
const ring = parseKeyRing({ SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
const h = useEngine(t, "step-records", { keyRing: () => ring });

const call = (id: string, needs: string[] = []) => ({
  id,
  uses: "http.request",
  needs,
  with: { url: `${h.sink.url}/${id}`, method: "POST", body: { step: id } },
});
const messageOf = (error: unknown) => (error as { message: string } | null)?.message;

describe("step ids that are Object.prototype keys", () => {
  it('a step named "constructor" runs and feeds its dependents when a re-run reuses other steps', async () => {
    const r = await runToCompletion(
      t.db,
      h.engine,
      {
        steps: [
          call("up"),
          call("constructor", ["up"]),
          {
            id: "after",
            uses: "core.transform",
            needs: ["constructor"],
            with: { value: "{{ steps.constructor.output.body.path }}" },
          },
        ],
      },
      { reuse: { up: { status: 200, body: { ok: true } } } },
    );
    expect(r.status).toBe("succeeded");
    expect(r.steps.up).toMatchObject({ status: "succeeded", reason: "reused" });
    expect(h.sink.calls("/constructor")).toHaveLength(1);
    expect(r.steps.constructor).toMatchObject({ status: "succeeded", reason: null, attempts: 1 });
    expect(r.steps.after!.output).toBe("/constructor");
  });
});

describe("failures outside the step's own activity are recorded", () => {
  it("a forEach whose batches fail for good (unknown connection) ends failed with its error; dependents are skipped; the alert names it", async () => {
    const each = (id: string, list: string) => ({
      id,
      uses: "slack.postMessage",
      connection: "nope",
      forEach: `{{ trigger.body.${list} }}`,
      with: { channel: "C1", text: "{{ item }}" },
    });
    const after = (id: string, need: string) => ({ id, uses: "core.transform", needs: [need], with: { value: 1 } });
    const r = await runToCompletion(
      t.db,
      h.engine,
      // `many` is chunked into child workflows, whose failure wraps the batch's.
      {
        steps: [
          each("few", "few"),
          each("many", "many"),
          after("after_few", "few"),
          after("after_many", "many"),
          call("fine"),
        ],
      },
      { trigger: { body: { few: [1, 2, 3], many: Array.from({ length: CHUNK_SIZE + 1 }, (_, i) => i) } } },
    );
    expect(r.status).toBe("partially_succeeded");
    for (const [id, count] of [
      ["few", 3],
      ["many", CHUNK_SIZE + 1],
    ] as const) {
      expect(r.steps[id]).toMatchObject({ status: "failed", input: { count } });
      expect(r.steps[id]!.endedAt).not.toBeNull();
      expect(messageOf(r.steps[id]!.error)).toBe('no connection named "nope" in this workspace');
    }
    expect(r.steps.after_few).toMatchObject({ status: "skipped", reason: "upstream_failed", blockedBy: "few" });
    expect(r.steps.after_many).toMatchObject({ status: "skipped", reason: "upstream_failed", blockedBy: "many" });
    expect(r.steps.fine).toMatchObject({ status: "succeeded" });

    const alert = await t.db.alert.findFirstOrThrow({ where: { runId: r.runId } });
    expect(alert.title).toContain("partially succeeded (2 failed steps)");
    expect(alert.message).toContain('few: no connection named "nope"');
    expect(alert.message).toContain('many: no connection named "nope"');
  });

  it("a template that fails while rendered with a stored (large) output fails its step on record", async () => {
    h.sink.on("/big", { body: { blob: "x".repeat(100_000) } });
    const r = await runToCompletion(t.db, h.engine, {
      steps: [call("big"), { id: "broken", uses: "core.transform", needs: ["big"], with: { value: "{{ $now() }}" } }],
    });
    expect(r.status).toBe("partially_succeeded");
    expect(r.result.steps.big).toMatchObject({ stored: "step" });
    expect(r.steps.broken).toMatchObject({ status: "failed" });
    expect(messageOf(r.steps.broken!.error)).toContain("$now() is not allowed");
  });
});
