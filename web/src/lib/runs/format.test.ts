import { describe, expect, it } from "vitest";
import {
  elapsedMs,
  formatBytes,
  formatDuration,
  formatRelative,
  formatSaved,
  shortId,
  sourceLabel,
  triggerLabel,
} from "./format";

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [840, "840 ms"],
    [1_000, "1 s"],
    [1_290, "1.2 s"],
    [9_999, "9.9 s"],
    [12_400, "12 s"],
    [60_000, "1 min"],
    [185_000, "3 min 5 s"],
    [3_600_000, "1 h"],
    [7_500_000, "2 h 5 min"],
    [90_000_000, "1 d 1 h"],
    [-5, "0 ms"],
  ])("%d ms reads %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("formatRelative", () => {
  const now = Date.parse("2026-11-29T12:00:00.000Z");
  it.each([
    ["2026-11-29T11:59:58.000Z", "just now"],
    ["2026-11-29T12:00:30.000Z", "just now"],
    ["2026-11-29T11:59:48.000Z", "12 s ago"],
    ["2026-11-29T11:57:00.000Z", "3 min ago"],
    ["2026-11-29T09:30:00.000Z", "2 h ago"],
    ["2026-11-25T12:00:00.000Z", "4 d ago"],
  ])("%s reads %s", (iso, text) => expect(formatRelative(iso, now)).toBe(text));
});

describe("elapsedMs", () => {
  const now = Date.parse("2026-11-29T12:00:10.000Z");
  it("measures to the end, or to now while running, and is null before the start", () => {
    expect(elapsedMs("2026-11-29T12:00:00.000Z", "2026-11-29T12:00:02.500Z", now)).toBe(2_500);
    expect(elapsedMs("2026-11-29T12:00:00.000Z", null, now)).toBe(10_000);
    expect(elapsedMs(null, null, now)).toBeNull();
  });
});

describe("triggerLabel", () => {
  it("words how the run started, naming an app trigger's operation", () => {
    expect(
      [
        { source: "webhook", eventSource: "webhook" },
        { source: "api", eventSource: "api" },
        { source: "rerun", eventSource: "webhook" },
        { source: "webhook", eventSource: "github.onPush" },
        { source: "webhook", eventSource: null },
        { source: "schedule", eventSource: "schedule" },
        { source: "replay", eventSource: "replay" },
      ].map(triggerLabel),
    ).toEqual(["Webhook", "API", "Re-run", "github.onPush", "Webhook", "Schedule", "Replay"]);
    expect(shortId("cmabc1234567890xyz")).toBe("67890xyz");
  });
});

describe("sourceLabel and formatBytes", () => {
  it("word an event's source and a body's size", () => {
    expect(["webhook", "api", "schedule", "replay", "github.onPush"].map(sourceLabel)).toEqual([
      "Webhook",
      "API",
      "Schedule",
      "Replay",
      "github.onPush",
    ]);
    expect([0, 1023, 1024, 4097, 1536 * 1024].map(formatBytes)).toEqual(["0 B", "1023 B", "1 KB", "5 KB", "1.5 MB"]);
  });
});

describe("formatSaved", () => {
  it("words calls avoided and the time they took", () => {
    expect(formatSaved({ calls: 1, ms: 840 })).toBe("1 call, ~840 ms");
    expect(formatSaved({ calls: 1204, ms: 7_500_000 })).toBe("1,204 calls, ~2 h 5 min");
    expect(formatSaved({ calls: 0, ms: 0 })).toBe("0 calls, ~0 ms");
  });
});
