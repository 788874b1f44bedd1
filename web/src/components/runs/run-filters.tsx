"use client";
import { Button } from "~/components/ui/button";
import { Field, Input, Select } from "~/components/ui/field";
import { statusStyle } from "~/components/ui/status";
import { RANGES, RUN_STATUSES, type RangeKey, type RunFilters } from "~/lib/runs/filters";
import { WorkflowSelect } from "~/components/workflows/workflow-select";

interface Props {
  filters: RunFilters;
  onChange(next: RunFilters): void;
}

/** `datetime-local` speaks the reader's local time; the URL keeps instants. */
const toLocalInput = (iso: string | undefined) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

function CustomRange({ filters, onChange }: Props) {
  return (
    <>
      <Field label="From" className="w-52">
        {(control) => (
          <Input
            {...control}
            type="datetime-local"
            value={toLocalInput(filters.from)}
            onChange={(e) => onChange({ ...filters, from: fromLocalInput(e.target.value) })}
          />
        )}
      </Field>
      <Field label="To" className="w-52">
        {(control) => (
          <Input
            {...control}
            type="datetime-local"
            value={toLocalInput(filters.to)}
            onChange={(e) => onChange({ ...filters, to: fromLocalInput(e.target.value) })}
          />
        )}
      </Field>
    </>
  );
}

/** Status, workflow and time range; every change goes into the URL, so the link shares the view. */
export function RunFiltersBar({ filters, onChange }: Props) {
  const any = Object.keys(filters).length > 0;
  return (
    <form
      role="search"
      aria-label="Filter runs"
      className="mb-4 flex flex-wrap items-end gap-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <Field label="Status" className="w-48">
        {(control) => (
          <Select
            {...control}
            value={filters.status ?? ""}
            onChange={(e) => onChange({ ...filters, status: (e.target.value || undefined) as RunFilters["status"] })}
          >
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusStyle(s).label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <WorkflowSelect value={filters.workflow} onChange={(workflow) => onChange({ ...filters, workflow })} />
      <Field label="Started" className="w-44">
        {(control) => (
          <Select
            {...control}
            value={filters.range ?? ""}
            onChange={(e) => {
              const range = (e.target.value || undefined) as RangeKey | "custom" | undefined;
              onChange({ ...filters, range, from: undefined, to: undefined });
            }}
          >
            <option value="">Any time</option>
            {(Object.keys(RANGES) as RangeKey[]).map((key) => (
              <option key={key} value={key}>
                {RANGES[key].label}
              </option>
            ))}
            <option value="custom">Between…</option>
          </Select>
        )}
      </Field>
      {filters.range === "custom" && <CustomRange filters={filters} onChange={onChange} />}
      {any && (
        <Button variant="ghost" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </form>
  );
}
