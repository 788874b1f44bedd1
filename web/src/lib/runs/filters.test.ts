import { describe, expect, it } from "vitest";
import { queryOf, readFilters, writeFilters } from "./filters";

const now = Date.parse("2026-11-29T12:00:00.000Z");
const read = (query: string) => readFilters(new URLSearchParams(query));

describe("run list filters", () => {
  it("read from the URL and write back the same link", () => {
    const query = "?status=failed&workflow=announce&range=24h";
    expect(read(query)).toEqual({ status: "failed", workflow: "announce", range: "24h" });
    expect(writeFilters(read(query))).toBe(query);
    expect(writeFilters({})).toBe("");
  });

  it("leave out what the page cannot use instead of failing", () => {
    expect(read("status=exploded&range=1y&workflow=")).toEqual({});
    expect(read("range=custom&from=not-a-date&to=2026-11-29T10:00:00.000Z")).toEqual({
      range: "custom",
      to: "2026-11-29T10:00:00.000Z",
    });
    expect(read("from=2026-11-29T10:00:00.000Z")).toEqual({});
  });

  it("turn a preset range into `since`, counted back from now", () => {
    expect(queryOf(read("range=1h&status=running"), now)).toEqual({
      status: "running",
      since: "2026-11-29T11:00:00.000Z",
    });
    expect(queryOf(read("range=7d"), now)).toEqual({ since: "2026-11-22T12:00:00.000Z" });
  });

  it("send a custom range's ends as instants, either one alone", () => {
    const custom = read("range=custom&from=2026-11-28T08:00:00%2B01:00&to=2026-11-29T10:00:00.000Z");
    expect(queryOf(custom, now)).toEqual({ since: "2026-11-28T07:00:00.000Z", until: "2026-11-29T10:00:00.000Z" });
    expect(queryOf(read("range=custom&to=2026-11-29T10:00:00.000Z"), now)).toEqual({
      until: "2026-11-29T10:00:00.000Z",
    });
    expect(queryOf({}, now)).toEqual({});
  });
});
