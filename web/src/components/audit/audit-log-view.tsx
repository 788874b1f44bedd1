"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "~/components/ui/card";
import { LoadMore } from "~/components/ui/load-more";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { auditInput, isFiltered, NO_FILTERS, type AuditFilterValues } from "~/lib/audit/filters";
import { useTRPC } from "~/lib/trpc/react";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";

function AuditResults({ filters }: { filters: AuditFilterValues }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(auditInput(filters), { getNextPageParam: (page) => page.nextCursor }),
  );
  if (query.isPending) return <Loading label="Loading the audit log" />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const entries = query.data.pages.flatMap((page) => page.items);
  if (!entries.length)
    return isFiltered(filters) ? (
      <EmptyState title="No entries match these filters">Widen the dates or clear a filter.</EmptyState>
    ) : (
      <EmptyState title="Nothing recorded yet">
        Saving or enabling a workflow, changing a connection, deciding an approval, and managing tokens and members each
        add an entry here.
      </EmptyState>
    );
  return (
    <>
      <AuditTable entries={entries} />
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoad={() => void query.fetchNextPage()}
      />
    </>
  );
}

export function AuditLogView() {
  const [filters, setFilters] = useState(NO_FILTERS);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what in this workspace, newest first. Visible to admins and owners."
      />
      <AuditFilters onApply={setFilters} />
      <AuditResults filters={filters} />
    </>
  );
}
