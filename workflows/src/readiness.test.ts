import { describe, expect, it } from "vitest";
import { checkReadiness, sharedReadiness } from "./readiness";

describe("readiness", () => {
  it("is 200 when every dependency answers, else 503 naming the one down", async () => {
    expect(await checkReadiness({ database: async () => 1, temporal: async () => 1 })).toEqual({
      status: 200,
      body: { ok: true, database: "up", temporal: "up" },
    });
    const down = await checkReadiness({ database: async () => 1, temporal: () => Promise.reject(new Error("x")) });
    expect(down).toEqual({ status: 503, body: { ok: false, database: "up", temporal: "down" } });
  });

  it("counts a check that outlasts its bound as down, so a probe never hangs", async () => {
    const hung = await checkReadiness({ database: () => new Promise(() => {}) }, 10);
    expect(hung).toEqual({ status: 503, body: { ok: false, database: "down" } });
  });

  it("shares one check among callers while it runs, and its answer for a second after", async () => {
    let clock = 0;
    let calls = 0;
    let answer!: () => void;
    const ready = sharedReadiness(
      { database: () => ((calls += 1), new Promise<void>((resolve) => (answer = resolve))) },
      { now: () => clock },
    );
    const first = [ready(), ready(), ready()];
    expect(calls).toBe(1);
    answer();
    expect(await Promise.all(first)).toEqual(Array(3).fill({ status: 200, body: { ok: true, database: "up" } }));
    clock += 999;
    await ready();
    expect(calls).toBe(1);
    clock += 1;
    const again = ready();
    expect(calls).toBe(2);
    answer();
    await again;
  });
});
