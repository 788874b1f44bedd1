// Schedule triggers as the definition states them: refused with the exact field and why.
import { builtinRegistry } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { validateDefinition, type ValidationOptions } from "./validate";

const withTrigger = (trigger: Record<string, unknown>, options?: ValidationOptions) =>
  validateDefinition(
    {
      name: "Nightly",
      trigger: { type: "schedule", ...trigger },
      steps: [{ id: "a", uses: "core.transform", with: { value: "{{ trigger.scheduledAt }}" } }],
    },
    builtinRegistry,
    options,
  );

const errorsOf = (trigger: Record<string, unknown>, options?: ValidationOptions) => {
  const result = withTrigger(trigger, options);
  return result.ok ? [] : result.errors;
};

describe("schedule triggers", () => {
  it("takes a cron in an IANA zone, with skip and UTC as the defaults", () => {
    const result = withTrigger({ cron: "30 9 * * MON-FRI", timezone: "America/New_York" });
    expect(result.ok && result.definition.trigger).toEqual({
      type: "schedule",
      cron: "30 9 * * MON-FRI",
      timezone: "America/New_York",
      overlap: "skip",
    });
    expect(withTrigger({ every: "15m" }).ok && withTrigger({ every: "15m" })).toMatchObject({
      definition: { trigger: { every: "15m", timezone: "UTC" } },
    });
    expect(
      errorsOf({ cron: ["0 9 * * *", "@hourly"], overlap: "buffer_one", catchupWindow: "1h", jitter: "30s" }),
    ).toEqual([]);
  });

  it("names the bad cron expression, and says why", () => {
    expect(errorsOf({ cron: "61 * * * *" })).toEqual([
      { path: "$.trigger.cron", message: expect.stringMatching(/^cron "61 \* \* \* \*": .+/) },
    ]);
    expect(errorsOf({ cron: ["0 9 * * *", "*/5 * * * * *"] })).toEqual([
      { path: "$.trigger.cron[1]", message: expect.stringContaining("has 6 fields; give five") },
    ]);
    expect(errorsOf({ cron: "0 0 L * *" })).toEqual([
      { path: "$.trigger.cron", message: expect.stringContaining('"L" is not a value, range, list or step') },
    ]);
  });

  it("refuses an unknown time zone by its field", () => {
    expect(errorsOf({ cron: "0 9 * * *", timezone: "Mars/Olympus" })).toEqual([
      {
        path: "$.trigger.timezone",
        message: 'unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Paris',
      },
    ]);
  });

  it("needs exactly one of cron and every", () => {
    expect(errorsOf({})).toEqual([
      { path: "$.trigger", message: 'a schedule needs exactly one of "cron" and "every"' },
    ]);
    expect(errorsOf({ cron: "0 9 * * *", every: "1h" })).toHaveLength(1);
  });

  it("refuses firing more often than every 10 s unless the operator allows it", () => {
    expect(errorsOf({ every: "2s" })).toEqual([
      {
        path: "$.trigger.every",
        message: "schedules fire at most every 10s on this installation (SWITCHYARD_MIN_SCHEDULE_INTERVAL)",
      },
    ]);
    expect(errorsOf({ every: "10s" })).toEqual([]);
    expect(errorsOf({ every: "2s" }, { minScheduleIntervalMs: 1_000 })).toEqual([]);
    // Crons fire at most every minute; an operator may ask for less, also of several expressions together.
    const fiveMinutes = { minScheduleIntervalMs: 300_000 };
    expect(errorsOf({ cron: "*/10 * * * *" }, fiveMinutes)).toEqual([]);
    expect(errorsOf({ cron: "*/2 * * * *" }, fiveMinutes)).toEqual([
      { path: "$.trigger.cron", message: expect.stringContaining("at most every 300s") },
    ]);
    expect(errorsOf({ cron: ["0 9 * * *", "2 9 * * *"] }, fiveMinutes)).toHaveLength(1);
  });

  it("names an unknown overlap policy and a catch-up window too short to mean anything", () => {
    expect(errorsOf({ every: "1m", overlap: "queue" })).toEqual([
      { path: "$.trigger.overlap", message: expect.stringContaining("skip") },
    ]);
    expect(errorsOf({ every: "1m", catchupWindow: "5s" })).toEqual([
      { path: "$.trigger.catchupWindow", message: "catchupWindow must be at least 10s" },
    ]);
  });
});
