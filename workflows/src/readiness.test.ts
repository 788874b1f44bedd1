import { describe, expect, it } from "vitest";
import { checkReadiness } from "./readiness";

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
});
