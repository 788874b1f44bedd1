"use client";
import { Button } from "~/components/ui/button";
import { Field, Select } from "~/components/ui/field";
import { statusStyle } from "~/components/ui/status";
import { WorkflowSelect } from "~/components/workflows/workflow-select";
import { EVENT_RUN_STATUSES, EVENT_SOURCES, type EventFilters } from "~/lib/events/filters";
import { sourceLabel } from "~/lib/runs/format";

interface Props {
  filters: EventFilters;
  onChange(next: EventFilters): void;
}

function SourceSelect({ filters, onChange }: Props) {
  // A link may name an app trigger's source (github.onPush): it stays selectable.
  const sources: string[] = [...EVENT_SOURCES];
  if (filters.source && !sources.includes(filters.source)) sources.push(filters.source);
  return (
    <Field label="Source" className="w-44">
      {(control) => (
        <Select
          {...control}
          value={filters.source ?? ""}
          onChange={(e) => onChange({ ...filters, source: e.target.value || undefined })}
        >
          <option value="">Any source</option>
          {sources.map((s) => (
            <option key={s} value={s}>
              {sourceLabel(s)}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

/** Workflow, source and the status of the run each event started; every change goes into the URL. */
export function EventFiltersBar({ filters, onChange }: Props) {
  return (
    <form
      role="search"
      aria-label="Filter events"
      className="mb-4 flex flex-wrap items-end gap-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <WorkflowSelect value={filters.workflow} onChange={(workflow) => onChange({ ...filters, workflow })} />
      <SourceSelect filters={filters} onChange={onChange} />
      <Field label="Run" className="w-48">
        {(control) => (
          <Select
            {...control}
            value={filters.status ?? ""}
            onChange={(e) => onChange({ ...filters, status: (e.target.value || undefined) as EventFilters["status"] })}
          >
            <option value="">Any run</option>
            {EVENT_RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "none" ? "No run" : statusStyle(s).label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {Object.keys(filters).length > 0 && (
        <Button variant="ghost" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </form>
  );
}
