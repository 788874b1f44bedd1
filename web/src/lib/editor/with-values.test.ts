import { describe, expect, it } from "vitest";
import { valueAt, withValueAt } from "./with-values";

describe("with values", () => {
  it("reads and writes one or two keys deep without touching the original", () => {
    const values = { channel: "#a", slack: { connection: "s" } };
    expect(valueAt(values, ["slack", "connection"])).toBe("s");
    expect(valueAt(values, ["slack", "channel"])).toBeUndefined();
    const next = withValueAt(values, ["slack", "channel"], "C1");
    expect(next).toEqual({ channel: "#a", slack: { connection: "s", channel: "C1" } });
    expect(values.slack).toEqual({ connection: "s" });
  });

  it("removes a key set to undefined, and a group left empty", () => {
    expect(withValueAt({ a: 1, b: 2 }, ["a"], undefined)).toEqual({ b: 2 });
    expect(withValueAt({ slack: { connection: "s" } }, ["slack", "connection"], undefined)).toEqual({});
  });
});
