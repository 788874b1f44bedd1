"use client";
import { PageHeader } from "~/components/ui/card";
import { readFilters, writeFilters } from "~/lib/runs/filters";
import { useUrlFilters } from "~/lib/use-url-filters";
import { RunFiltersBar } from "./run-filters";
import { RunsTable } from "./runs-table";

/** The runs list; its filters live in the URL. */
export function RunsScreen({ workspace }: { workspace: string }) {
  const [filters, change] = useUrlFilters(readFilters, writeFilters);
  return (
    <>
      <PageHeader title="Runs" description="Every run of this workspace's workflows, newest first." />
      <RunFiltersBar filters={filters} onChange={change} />
      <RunsTable workspace={workspace} filters={filters} />
    </>
  );
}
