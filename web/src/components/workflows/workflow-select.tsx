"use client";
import { useQuery } from "@tanstack/react-query";
import { Field, Select } from "~/components/ui/field";
import { useTRPC } from "~/lib/trpc/react";

/** A list filter's workflow choice, by slug ("All workflows" for none). */
export function WorkflowSelect({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange(slug: string | undefined): void;
}) {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflows.list.queryOptions({ limit: 100 }));
  const slugs = workflows.data?.items.map((w) => ({ slug: w.slug, name: w.name })) ?? [];
  // A link may name a workflow not on the first page (or gone): it stays selectable.
  if (value && !slugs.some((w) => w.slug === value)) slugs.push({ slug: value, name: value });
  return (
    <Field label="Workflow" className="w-56">
      {(control) => (
        <Select {...control} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">All workflows</option>
          {slugs.map((w) => (
            <option key={w.slug} value={w.slug}>
              {w.name}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
