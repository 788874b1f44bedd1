import { describe, expect, it, vi } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("has the shape of Prisma's cuids: 25 lowercase characters starting with c", () => {
    for (let i = 0; i < 100; i++) expect(newId()).toMatch(/^c[0-9a-z]{24}$/);
  });

  it("never repeats within a burst", () => {
    const ids = Array.from({ length: 10_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts a later id after an earlier one", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-11-30T10:00:00.000Z"));
      const earlier = newId();
      vi.setSystemTime(new Date("2026-11-30T10:00:00.001Z"));
      expect(newId() > earlier).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
