"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { LoadMore } from "~/components/ui/load-more";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import type { EventFilters } from "~/lib/events/filters";
import { useTRPC } from "~/lib/trpc/react";
import { EventsTable } from "./events-table";
import { RefusalsCard } from "./refusals-card";

const PAGE_SIZE = 25;
/** New events appear, and their runs move on, without a reload. */
const REFRESH_MS = 5_000;

/** The events matching the filters, page by page, with the workflow's refused deliveries above them. */
export function EventsList({ workspace, filters }: { workspace: string; filters: EventFilters }) {
  const trpc = useTRPC();
  const events = useInfiniteQuery(
    trpc.events.list.infiniteQueryOptions(
      { ...filters, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, refetchInterval: REFRESH_MS },
    ),
  );
  if (events.isPending) return <Loading label="Loading events" />;
  if (events.isError) return <ErrorState error={events.error} retry={() => void events.refetch()} />;
  const items = events.data.pages.flatMap((p) => p.items);
  // Shown with or without events: a sender refused every time leaves no event at all.
  const refusals = events.data.pages[0]?.refusals ?? [];
  return (
    <>
      {refusals.length > 0 && <RefusalsCard refusals={refusals} />}
      {items.length === 0 ? (
        <EmptyState title={Object.keys(filters).length ? "No events match these filters" : "No events yet"}>
          Each webhook delivery, API start, schedule fire and app event is kept here before its run starts, with its
          headers and body, so it can be looked at and replayed.
        </EmptyState>
      ) : (
        <EventsTable events={items} workspace={workspace} />
      )}
      <LoadMore
        hasMore={events.hasNextPage}
        loading={events.isFetchingNextPage}
        onLoad={() => void events.fetchNextPage()}
      />
    </>
  );
}
