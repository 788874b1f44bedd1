import { describe, expect, it } from "vitest";
import { auditInput, isFiltered, localDayStart, NO_FILTERS, rangeProblem } from "./filters";

// Read back with local getters, so these hold in whatever time zone the machine runs.
const local = (iso: string) => {
  const d = new Date(iso);
  return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()];
};

describe("audit filters", () => {
  it("send nothing for blank fields", () => {
    expect(auditInput({ ...NO_FILTERS, actor: "   " })).toEqual({ limit: 50 });
    expect(isFiltered({ ...NO_FILTERS, actor: "   " })).toBe(false);
  });

  it("turn a day range into local midnights, the last day included", () => {
    const input = auditInput({ ...NO_FILTERS, from: "2030-02-28", to: "2030-02-28", actor: " ana " });
    expect(input.actor).toBe("ana");
    expect(local(input.from!)).toEqual([2030, 2, 28, 0, 0]);
    expect(local(input.to!)).toEqual([2030, 3, 1, 0, 0]);
    expect(local(localDayStart("2030-12-31", 1))).toEqual([2031, 1, 1, 0, 0]);
  });

  it("catch a range that ends before it starts", () => {
    expect(rangeProblem({ ...NO_FILTERS, from: "2030-03-02", to: "2030-03-01" })).toMatch(/before the start/);
    expect(rangeProblem({ ...NO_FILTERS, from: "2030-03-01", to: "2030-03-01" })).toBeUndefined();
  });
});
