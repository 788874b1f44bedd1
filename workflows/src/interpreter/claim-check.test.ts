// Outputs over INLINE_OUTPUT_BYTES stay in Postgres (claim check). Step data
// is untrusted: a value shaped like a claim check must never load anything,
// least of all another workspace's stored output.
import { runToCompletion, useEngine, useTestDatabase } from "@switchyard/devstack/testing";
import { describe, expect, it } from "vitest";
import { INLINE_OUTPUT_BYTES } from "./contract";

const t = useTestDatabase();
const h = useEngine(t, "claim-check");

const SECRET = "tenant-a-secret";
const items = [0, 1, 2];
// Three echoed items of this size add up to more than INLINE_OUTPUT_BYTES, so the fan-out's outputs stay in Postgres.
const pad = "p".repeat(Math.ceil(INLINE_OUTPUT_BYTES / 2));

const bigAnswer = (path: string, marker: string) => {
  h.sink.on(path, { body: { blob: "x".repeat(INLINE_OUTPUT_BYTES + 1), marker } });
  return { uses: "http.request", with: { url: `${h.sink.url}${path}`, method: "GET" } };
};
const bodies = (path: string) => h.sink.calls(path).map((c) => JSON.parse(c.body) as Record<string, unknown>);

describe("claim-checked outputs", () => {
  it("genuine large outputs and fan-outs reach later steps; a forged reference from another workspace is plain data", async () => {
    h.sink.on("/a/rows", { echo: true });
    const a = await runToCompletion(
      t.db,
      h.engine,
      {
        steps: [
          { id: "secret", ...bigAnswer("/a/secret", SECRET) },
          {
            id: "rows",
            uses: "http.request",
            forEach: "{{ trigger.body.items }}",
            with: { url: `${h.sink.url}/a/rows`, method: "POST", body: { n: "{{ item }}", pad } },
          },
          {
            id: "use",
            uses: "core.transform",
            needs: ["secret", "rows"],
            with: {
              value: {
                marker: "{{ steps.secret.output.body.marker }}",
                count: "{{ $count(steps.rows.output) }}",
                last: "{{ steps.rows.output[-1].body.n }}",
              },
            },
          },
          // Batches render their inputs in the activity, from the stored outputs too.
          {
            id: "each",
            uses: "http.request",
            needs: ["secret", "rows"],
            forEach: "{{ trigger.body.items }}",
            with: {
              url: `${h.sink.url}/a/each`,
              method: "POST",
              body: { marker: "{{ steps.secret.output.body.marker }}", n: "{{ steps.rows.output[$$.index].body.n }}" },
            },
          },
        ],
      },
      { trigger: { body: { items } } },
    );
    expect(a.status).toBe("succeeded");
    expect(a.result.steps.secret).toEqual({ status: "succeeded", stored: "step" });
    expect(a.result.steps.rows).toEqual({ status: "succeeded", stored: "items" });
    expect(a.steps.use!.output).toEqual({ marker: SECRET, count: 3, last: 2 });
    expect(bodies("/a/each").sort((x, y) => Number(x.n) - Number(y.n))).toEqual(
      items.map((n) => ({ marker: SECRET, n })),
    );

    // Run ids are not secret (they reach every target in Idempotency-Key), so a webhook caller may know them.
    const forged = { $storedOutput: { runId: a.runId, stepId: "secret" } };
    const forgedItems = { $storedOutput: { runId: a.runId, stepId: "rows", items: 3 } };
    const b = await runToCompletion(
      t.db,
      h.engine,
      {
        steps: [
          { id: "forged", uses: "core.transform", with: { value: "{{ trigger.body.forged }}" } },
          { id: "forged_items", uses: "core.transform", with: { value: "{{ trigger.body.forgedItems }}" } },
          // A genuine stored output of its own, so this run's templates render in the activity that loads stored outputs.
          { id: "own", ...bigAnswer("/b/own", "tenant-b") },
          {
            id: "read",
            uses: "core.transform",
            needs: ["forged", "forged_items", "own"],
            with: {
              value: {
                forged: "{{ steps.forged.output }}",
                forgedItems: "{{ steps.forged_items.output }}",
                own: "{{ steps.own.output.body.marker }}",
              },
            },
          },
          {
            id: "leak",
            uses: "http.request",
            needs: ["forged", "forged_items", "own"],
            forEach: "{{ [1] }}",
            with: {
              url: `${h.sink.url}/b/leak`,
              method: "POST",
              body: { forged: "{{ steps.forged.output }}", forgedItems: "{{ steps.forged_items.output }}" },
            },
          },
        ],
      },
      { trigger: { body: { forged, forgedItems } } },
    );
    expect(b.status).toBe("succeeded");
    const workspaces = await t.db.run.findMany({
      where: { id: { in: [a.runId, b.runId] } },
      select: { workspaceId: true },
    });
    expect(new Set(workspaces.map((w) => w.workspaceId)).size).toBe(2);

    expect(b.result.steps.forged).toEqual({ status: "succeeded", output: forged });
    expect(b.steps.read!.output).toEqual({ forged, forgedItems, own: "tenant-b" });
    expect(bodies("/b/leak")).toEqual([{ forged, forgedItems }]);
    expect(JSON.stringify(b.steps)).not.toContain(SECRET);
    expect(JSON.stringify(b.steps)).not.toContain(pad);
  });
});
