"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { Moment } from "~/components/runs/moment";
import { useNow } from "~/components/runs/use-now";
import { PageHeader } from "~/components/ui/card";
import { Fact } from "~/components/ui/fact";
import { formatBytes, shortId, sourceLabel } from "~/lib/runs/format";
import type { EventDetail } from "./types";
import { VerificationBadge } from "./verification-badge";

function EventFacts({ event, workspace }: { event: EventDetail; workspace: string }) {
  const now = useNow(10_000);
  return (
    <dl className="mb-6 flex flex-wrap gap-x-8 gap-y-3">
      <Fact label="Received">
        <Moment iso={event.receivedAt} now={now} />
      </Fact>
      <Fact label="Source">
        {sourceLabel(event.source)}
        {event.replayOf && (
          <>
            {" of "}
            <Link className="text-accent-700 hover:underline" href={`/w/${workspace}/events/${event.replayOf}`}>
              event {shortId(event.replayOf)}
            </Link>
          </>
        )}
      </Fact>
      {event.method && <Fact label="Method">{event.method}</Fact>}
      <Fact label="Verification">
        <VerificationBadge verification={event.verification} />
      </Fact>
      {event.idempotencyKey && (
        <Fact label="Idempotency key">
          <span className="font-mono text-xs">{event.idempotencyKey}</span>
        </Fact>
      )}
      <Fact label="Body">
        <span className="tabular-nums">{formatBytes(event.bodyBytes)}</span>
      </Fact>
    </dl>
  );
}

export function EventHeader({
  event,
  workspace,
  actions,
}: {
  event: EventDetail;
  workspace: string;
  actions: ReactNode;
}) {
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <Link href={`/w/${workspace}/workflows/${event.workflow}`} className="hover:underline">
              {event.workflow}
            </Link>
            <span className="font-mono text-sm font-normal text-slate-500">event {shortId(event.id)}</span>
          </span>
        }
        actions={actions}
      />
      <EventFacts event={event} workspace={workspace} />
    </>
  );
}
