"use client";
import { useQuery } from "@tanstack/react-query";
import { CardSection } from "~/components/ui/card";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { isRunFinished } from "~/lib/runs/status";
import { useTRPC } from "~/lib/trpc/react";
import { EventBody } from "./event-body";
import { EventHeader } from "./event-header";
import { EventRuns } from "./event-runs";
import { KeyValueTable } from "./key-value-table";
import { ReplayButton } from "./replay-button";

/** While one of its runs goes on, the event is read again, so their statuses move. */
const LIVE_REFRESH_MS = 2_000;

interface Props {
  workspace: string;
  eventId: string;
  canReplay: boolean;
}

/** One event whole: what was received (headers, query, body), its runs, and Replay for editors. */
export function EventScreen({ workspace, eventId, canReplay }: Props) {
  const trpc = useTRPC();
  const detail = useQuery(
    trpc.events.byId.queryOptions(
      { id: eventId },
      {
        refetchInterval: (q) =>
          q.state.data?.runs.every((r) => isRunFinished(r.status)) === false ? LIVE_REFRESH_MS : false,
      },
    ),
  );
  if (detail.isPending) return <Loading label="Loading event" />;
  if (detail.isError) {
    if (detail.error.data?.code === "NOT_FOUND")
      return <EmptyState title="Event not found">This workspace has no event {eventId}.</EmptyState>;
    return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  }
  const event = detail.data;
  return (
    <>
      <EventHeader
        event={event}
        workspace={workspace}
        actions={canReplay && <ReplayButton event={event} workspace={workspace} />}
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0 space-y-6">
          <CardSection title="Body">
            <EventBody event={event} />
          </CardSection>
          {event.headers && (
            <CardSection title="Headers">
              <KeyValueTable values={event.headers} caption="Request headers" />
            </CardSection>
          )}
          {event.query && Object.keys(event.query).length > 0 && (
            <CardSection title="Query">
              <KeyValueTable values={event.query} caption="Query parameters" />
            </CardSection>
          )}
        </div>
        <div className="xl:self-start">
          <CardSection title="Runs">
            <EventRuns event={event} workspace={workspace} />
          </CardSection>
        </div>
      </div>
    </>
  );
}
