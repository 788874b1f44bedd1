import { JsonBlock, TextBlock } from "~/components/runs/json-block";
import { Timestamp } from "~/components/ui/timestamp";
import { formatBytes } from "~/lib/runs/format";
import type { EventDetail } from "./types";

const NOTE = "mb-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700";

/** The whole body as stored: JSON indented, text as it came, a binary body as its base64. */
export function EventBody({ event }: { event: EventDetail }) {
  if (event.bodyDeletedAt)
    return (
      <p className={NOTE} data-testid="body-removed">
        The body ({formatBytes(event.bodyBytes)}) was removed on <Timestamp iso={event.bodyDeletedAt} />, when it passed
        the workspace&apos;s event retention. Its headers and runs are kept; it can no longer be replayed.
      </p>
    );
  if (event.body === null || event.body === undefined || event.body === "")
    return <p className="text-sm text-slate-600">No body.</p>;
  if (typeof event.body !== "string") return <JsonBlock value={event.body} label="Event body" />;
  return (
    <>
      {event.bodyEncoding === "base64" && (
        <p className={NOTE}>Not text: shown base64-encoded ({formatBytes(event.bodyBytes)} as received).</p>
      )}
      <TextBlock text={event.body} label="Event body" />
    </>
  );
}
