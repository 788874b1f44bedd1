import { describe, expect, it } from "vitest";
import { readEventFilters, writeEventFilters } from "./filters";

const read = (query: string) => readEventFilters(new URLSearchParams(query));

describe("event list filters", () => {
  it("read from the URL and write back the same link", () => {
    const query = "?workflow=orders&source=github.onPush&status=none";
    expect(read(query)).toEqual({ workflow: "orders", source: "github.onPush", status: "none" });
    expect(writeEventFilters(read(query))).toBe(query);
    expect(writeEventFilters({})).toBe("");
  });

  it("leave out what the API would refuse instead of failing", () => {
    expect(read("status=exploded&source=a%20b&workflow=")).toEqual({});
    expect(read("status=failed")).toEqual({ status: "failed" });
  });
});
