"use client";
// Two versions side by side: what changed as a graph (steps, dependencies), and the JSON line diff.
import * as Tabs from "@radix-ui/react-tabs";
import { useQuery } from "@tanstack/react-query";
import { ErrorState, Loading } from "~/components/ui/states";
import { definitionDiff } from "~/lib/workflows/definition-diff";
import { jsonLineDiff } from "~/lib/workflows/json-diff";
import { useTRPC } from "~/lib/trpc/react";
import { JsonDiffView } from "./json-diff-view";
import { VisualDiff } from "./visual-diff";

const TAB =
  "border-b-2 border-transparent px-3 py-1.5 text-sm font-medium text-slate-600 data-[state=active]:border-accent-600 data-[state=active]:text-accent-700";

export function VersionDiff({ slug, older, newer }: { slug: string; older: number; newer: number }) {
  const trpc = useTRPC();
  const a = useQuery(trpc.workflows.version.queryOptions({ slug, version: older }));
  const b = useQuery(trpc.workflows.version.queryOptions({ slug, version: newer }));
  if (a.isPending || b.isPending) return <Loading label="Loading versions" />;
  if (a.isError || b.isError)
    return <ErrorState error={a.error ?? b.error} retry={() => void (a.refetch(), b.refetch())} />;
  return (
    <section aria-label={`Version ${older} to version ${newer}`} className="min-w-0">
      <h3 className="mb-2 text-sm font-semibold">
        Version {older} → version {newer}
      </h3>
      <Tabs.Root defaultValue="visual">
        <Tabs.List aria-label="Diff view" className="mb-3 flex gap-1 border-b border-slate-200">
          <Tabs.Trigger value="visual" className={TAB}>
            Changes
          </Tabs.Trigger>
          <Tabs.Trigger value="json" className={TAB}>
            JSON
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="visual">
          <VisualDiff diff={definitionDiff(a.data.definition, b.data.definition)} />
        </Tabs.Content>
        <Tabs.Content value="json">
          <JsonDiffView lines={jsonLineDiff(a.data.definition, b.data.definition)} />
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}
