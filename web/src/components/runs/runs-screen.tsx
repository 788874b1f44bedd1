"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { PageHeader } from "~/components/ui/card";
import { readFilters, writeFilters, type RunFilters } from "~/lib/runs/filters";
import { RunFiltersBar } from "./run-filters";
import { RunsTable } from "./runs-table";

/** The runs list; its filters live in the URL. */
export function RunsScreen({ workspace }: { workspace: string }) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => readFilters(new URLSearchParams(search.toString())), [search]);
  const change = (next: RunFilters) => router.replace(`${pathname}${writeFilters(next)}`, { scroll: false });
  return (
    <>
      <PageHeader title="Runs" description="Every run of this workspace's workflows, newest first." />
      <RunFiltersBar filters={filters} onChange={change} />
      <RunsTable workspace={workspace} filters={filters} />
    </>
  );
}
