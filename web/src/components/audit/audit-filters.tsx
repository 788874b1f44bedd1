"use client";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, Input, Select } from "~/components/ui/field";
import { NO_FILTERS, rangeProblem, type AuditFilterValues } from "~/lib/audit/filters";
import { AUDIT_TARGET_TYPES, type AuditTargetType } from "~/lib/audit/target-types";
import { useTRPC } from "~/lib/trpc/react";

/** The actions this workspace's log holds; while they load, only "any". */
function ActionSelect({ value, onChange }: { value: string; onChange: (action: string) => void }) {
  const trpc = useTRPC();
  const actions = useQuery(trpc.audit.actions.queryOptions());
  return (
    <Field label="Action">
      {(control) => (
        <Select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Any action</option>
          {(actions.data ?? []).map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

function TargetTypeSelect({ value, onChange }: { value: string; onChange: (t: AuditTargetType | "") => void }) {
  return (
    <Field label="Target type">
      {(control) => (
        <Select {...control} value={value} onChange={(e) => onChange(e.target.value as AuditTargetType | "")}>
          <option value="">Any target</option>
          {AUDIT_TARGET_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

/** The filters as a form: applied on submit, so typing an address does not query at every key. */
export function AuditFilters({ onApply }: { onApply: (filters: AuditFilterValues) => void }) {
  const [draft, setDraft] = useState(NO_FILTERS);
  const set = (patch: Partial<AuditFilterValues>) => setDraft((d) => ({ ...d, ...patch }));
  const problem = rangeProblem(draft);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) onApply(draft);
  };
  return (
    <form
      aria-label="Filter the audit log"
      onSubmit={submit}
      className="mb-4 grid grid-cols-2 items-end gap-3 sm:grid-cols-3 xl:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
    >
      <ActionSelect value={draft.action} onChange={(action) => set({ action })} />
      <Field label="Actor">
        {(control) => (
          <Input
            {...control}
            placeholder="Part of an email or token"
            value={draft.actor}
            onChange={(e) => set({ actor: e.target.value })}
          />
        )}
      </Field>
      <TargetTypeSelect value={draft.targetType} onChange={(targetType) => set({ targetType })} />
      <Field label="From" error={problem}>
        {(control) => (
          <Input {...control} type="date" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
        )}
      </Field>
      <Field label="To">
        {(control) => <Input {...control} type="date" value={draft.to} onChange={(e) => set({ to: e.target.value })} />}
      </Field>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={!!problem}>
          Apply
        </Button>
        <Button
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
