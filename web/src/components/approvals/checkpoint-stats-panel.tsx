"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Card } from "~/components/ui/card";
import { Field, Select } from "~/components/ui/field";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { CheckpointStatsTable } from "./checkpoint-stats-table";

function WorkflowStats({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.workflows.checkpoints.queryOptions({ slug }));
  if (stats.isPending) return <Loading label="Loading statistics" />;
  if (stats.isError) return <ErrorState error={stats.error} retry={() => void stats.refetch()} />;
  if (!stats.data.checkpoints.length)
    return (
      <EmptyState title="No checkpoint has asked anyone yet">Statistics appear after the first decisions.</EmptyState>
    );
  return (
    <Card className="overflow-x-auto">
      <CheckpointStatsTable stats={stats.data} />
    </Card>
  );
}

/** How people decide each workflow's checkpoints, and which could run by themselves ("ready to automate"). */
export function CheckpointStatsPanel() {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflows.list.queryOptions({ limit: 100 }));
  const [slug, setSlug] = useState("");
  if (workflows.isPending) return <Loading label="Loading workflows" />;
  if (workflows.isError) return <ErrorState error={workflows.error} retry={() => void workflows.refetch()} />;
  const items = workflows.data.items;
  if (!items.length) return <EmptyState title="No workflows yet" />;
  const current = slug || items[0]!.slug;
  return (
    <div className="space-y-4">
      <Field label="Workflow" className="max-w-xs">
        {(control) => (
          <Select {...control} value={current} onChange={(e) => setSlug(e.target.value)}>
            {items.map((w) => (
              <option key={w.slug} value={w.slug}>
                {w.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <WorkflowStats slug={current} />
    </div>
  );
}
