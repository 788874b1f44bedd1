import { describe, expect, it } from "vitest";
import { paginateKept } from "./pagination";

// 1,500 rows, newest first, one a second; ids sort like their times.
const rows = Array.from({ length: 1500 }, (_, i) => ({
  id: `r${String(1500 - i).padStart(4, "0")}`,
  createdAt: new Date(Date.UTC(2030, 0, 1) + (1500 - i) * 1000),
}));

/** A stand-in for findMany: rows after the `where` bound (the cursor's OR), newest first. */
function scan({ take, where }: { take: number; where: { OR?: { createdAt: Date | { lt: Date } }[] } }) {
  const bound = where.OR ? (where.OR[0]!.createdAt as { lt: Date }).lt : undefined;
  return Promise.resolve(rows.filter((r) => !bound || r.createdAt < bound).slice(0, take));
}
const load = (ids: string[]) => Promise.resolve(rows.filter((r) => ids.includes(r.id)));

describe("paginateKept", () => {
  it("pages through the kept rows only, in order, with a cursor until the end", async () => {
    const keep = (r: { id: string }) => Number(r.id.slice(1)) % 3 === 0;
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await paginateKept({ limit: 100, cursor }, scan, keep, load, (r) => r.id);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(rows.filter(keep).map((r) => r.id));
  });

  it("stops after a bounded scan with a short page and a cursor to go on from", async () => {
    const onlyOldest = (r: { id: string }) => r.id === "r0001";
    const first = await paginateKept({ limit: 10 }, scan, onlyOldest, load, (r) => r.id);
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const second = await paginateKept({ limit: 10, cursor: first.nextCursor! }, scan, onlyOldest, load, (r) => r.id);
    expect(second).toEqual({ items: ["r0001"], nextCursor: null });
  });
});
