"use client";
// A schedule trigger's form: a cron expression or an interval, its time zone, and what a fire
// does while the previous run still runs. Checked on save like the rest of the definition.
import { OVERLAP_POLICIES, type OverlapPolicy, type ScheduleTrigger } from "@switchyard/workflows/definition";
import { Field, Input, Select } from "~/components/ui/field";

const OVERLAP_LABELS: Record<OverlapPolicy, string> = {
  skip: "Skip the fire",
  buffer_one: "Run it after (keep one waiting)",
  buffer_all: "Run each after, in turn",
  cancel_other: "Cancel the running run",
  allow_all: "Run both at once",
};

/** The zones the browser knows, for the time zone field's suggestions. */
const timeZones = (): string[] =>
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** A new schedule trigger: daily at 9:00 in the browser's own zone. */
export const newScheduleTrigger = (): ScheduleTrigger => ({
  type: "schedule",
  cron: "0 9 * * *",
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
  overlap: "skip",
});

type Change = (next: ScheduleTrigger) => void;

/** How it repeats: a cron expression (several separated by `;`) or a fixed interval. */
function RepeatFields({ trigger, onChange }: { trigger: ScheduleTrigger; onChange: Change }) {
  const byCron = trigger.every === undefined;
  const cron = Array.isArray(trigger.cron) ? trigger.cron.join("; ") : (trigger.cron ?? "");
  const { cron: _cron, every: _every, ...rest } = trigger;
  return (
    <>
      <Field label="Repeats">
        {(control) => (
          <Select
            {...control}
            value={byCron ? "cron" : "every"}
            onChange={(e) =>
              onChange(e.target.value === "cron" ? { ...rest, cron: "0 9 * * *" } : { ...rest, every: "1h" })
            }
          >
            <option value="cron">On a cron expression</option>
            <option value="every">At a fixed interval</option>
          </Select>
        )}
      </Field>
      {byCron ? (
        <Field
          label="Cron expression"
          hint="minute hour day-of-month month day-of-week, e.g. 30 9 * * MON-FRI; several separated by ;"
        >
          {(control) => (
            <Input
              {...control}
              className="font-mono"
              value={cron}
              onChange={(e) => {
                const list = e.target.value.split(";").map((c) => c.trim());
                onChange({ ...rest, cron: list.length > 1 ? list : e.target.value });
              }}
            />
          )}
        </Field>
      ) : (
        <Field label="Every" hint='e.g. "15m", "2h", "30s"'>
          {(control) => (
            <Input
              {...control}
              className="font-mono"
              value={String(trigger.every)}
              onChange={(e) => onChange({ ...rest, every: e.target.value })}
            />
          )}
        </Field>
      )}
    </>
  );
}

export function ScheduleFields({ trigger, onChange }: { trigger: ScheduleTrigger; onChange: Change }) {
  return (
    <div className="space-y-3">
      <RepeatFields trigger={trigger} onChange={onChange} />
      <Field label="Time zone" hint="An IANA name; local times follow daylight saving.">
        {(control) => (
          <>
            <Input
              {...control}
              list="schedule-time-zones"
              value={trigger.timezone}
              onChange={(e) => onChange({ ...trigger, timezone: e.target.value })}
            />
            <datalist id="schedule-time-zones">
              {timeZones().map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="When the previous run is still going">
        {(control) => (
          <Select
            {...control}
            value={trigger.overlap}
            onChange={(e) => onChange({ ...trigger, overlap: e.target.value as OverlapPolicy })}
          >
            {OVERLAP_POLICIES.map((p) => (
              <option key={p} value={p}>
                {OVERLAP_LABELS[p]}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </div>
  );
}
