"use client";
import Link from "next/link";
import { Moment } from "~/components/runs/moment";
import { useNow } from "~/components/runs/use-now";
import { Card } from "~/components/ui/card";
import { TableHead } from "~/components/ui/table-head";
import { formatBytes, shortId, sourceLabel } from "~/lib/runs/format";
import { RunLink } from "./run-link";
import type { EventSummary } from "./types";
import { VerificationBadge } from "./verification-badge";

const HEADINGS = ["Received", "Workflow", "Source", "Verification", "Idempotency key", "Body", "Run"] as const;

function BodySize({ event }: { event: EventSummary }) {
  return (
    <span className="tabular-nums">
      {formatBytes(event.bodyBytes)}
      {event.bodyEncoding === "base64" && <span className="ml-1 text-xs text-slate-500">binary</span>}
      {event.bodyDeletedAt && <span className="ml-1 text-xs text-slate-500">removed</span>}
    </span>
  );
}

function EventRow({ event, workspace, now }: { event: EventSummary; workspace: string; now: number }) {
  return (
    <tr className="border-t border-slate-100 hover:bg-slate-50" data-testid={`event-row-${event.id}`}>
      <td className="px-3 py-2.5 whitespace-nowrap">
        <Link href={`/w/${workspace}/events/${event.id}`} className="font-medium text-accent-700 hover:underline">
          <Moment iso={event.receivedAt} now={now} />
          <span className="sr-only">: event {event.id}</span>
        </Link>
        <span className="ml-2 font-mono text-xs text-slate-500">{shortId(event.id)}</span>
      </td>
      <td className="px-3 py-2.5 text-slate-700">{event.workflow}</td>
      <td className="px-3 py-2.5 text-slate-700">{sourceLabel(event.source)}</td>
      <td className="px-3 py-2.5">
        <VerificationBadge verification={event.verification} />
      </td>
      <td className="max-w-48 truncate px-3 py-2.5 font-mono text-xs text-slate-700" title={event.idempotencyKey ?? ""}>
        {event.idempotencyKey ?? <span className="font-sans text-slate-400">—</span>}
      </td>
      <td className="px-3 py-2.5 whitespace-nowrap text-slate-700">
        <BodySize event={event} />
      </td>
      <td className="px-3 py-2.5 whitespace-nowrap">
        {event.run ? <RunLink workspace={workspace} run={event.run} /> : <span className="text-slate-500">No run</span>}
      </td>
    </tr>
  );
}

export function EventsTable({ events, workspace }: { events: EventSummary[]; workspace: string }) {
  const now = useNow(1_000);
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Events, newest first</caption>
        <TableHead headings={HEADINGS} />
        <tbody>
          {events.map((event) => (
            <EventRow key={event.id} event={event} workspace={workspace} now={now} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}
