import { describe, expect, it } from "vitest";
import { canRedo, canUndo, commit, historyOf, redo, undo } from "./history";

describe("history", () => {
  it("undoes and redoes in order", () => {
    let h = historyOf("a");
    h = commit(h, "b");
    h = commit(h, "c");
    h = undo(h);
    expect(h.present).toBe("b");
    h = undo(h);
    expect(h.present).toBe("a");
    expect(canUndo(h)).toBe(false);
    h = redo(redo(h));
    expect(h.present).toBe("c");
    expect(canRedo(h)).toBe(false);
  });

  it("drops the redo branch when something new is committed after an undo", () => {
    const h = commit(undo(commit(commit(historyOf(1), 2), 3)), 4);
    expect(h).toEqual({ past: [1, 2], present: 4, future: [] });
  });

  it("does not record committing the same value twice", () => {
    const value = { n: 1 };
    const h = commit(historyOf(value), value);
    expect(canUndo(h)).toBe(false);
  });

  it("forgets the oldest steps past its limit", () => {
    let h = historyOf(0);
    for (let i = 1; i <= 5; i++) h = commit(h, i, 3);
    expect(h.past).toEqual([2, 3, 4]);
  });

  it("leaves an empty past or future as it is", () => {
    const h = historyOf("x");
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });
});
