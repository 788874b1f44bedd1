"use client";
import { PageHeader } from "~/components/ui/card";
import { readEventFilters, writeEventFilters } from "~/lib/events/filters";
import { useUrlFilters } from "~/lib/use-url-filters";
import { EventFiltersBar } from "./event-filters";
import { EventsList } from "./events-list";

/** The events list; its filters live in the URL. */
export function EventsScreen({ workspace }: { workspace: string }) {
  const [filters, change] = useUrlFilters(readEventFilters, writeEventFilters);
  return (
    <>
      <PageHeader
        title="Events"
        description="Everything that triggered this workspace's workflows, newest first: what was received, and the run it started."
      />
      <EventFiltersBar filters={filters} onChange={change} />
      <EventsList workspace={workspace} filters={filters} />
    </>
  );
}
