import type { AuditEntryView } from "~/server/services/audit-log";
import { Timestamp } from "~/components/ui/timestamp";
import { TableHead } from "~/components/ui/table-head";

/** The entry's details, folded: a native disclosure, so keyboards and screen readers work as usual. */
function Details({ details }: { details: AuditEntryView["details"] }) {
  if (details === null) return <span className="text-slate-400">—</span>;
  return (
    <details>
      <summary className="cursor-pointer text-accent-700 hover:underline">Show</summary>
      <pre className="mt-2 max-w-md overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs">
        {JSON.stringify(details, null, 2)}
      </pre>
    </details>
  );
}

function Row({ entry }: { entry: AuditEntryView }) {
  return (
    <tr data-testid="audit-entry" className="border-t border-slate-100 align-top">
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">
        <Timestamp iso={entry.createdAt} />
      </td>
      <td className="px-3 py-2 break-words">{entry.actorLabel}</td>
      <td className="px-3 py-2 font-mono text-xs">{entry.action}</td>
      <td className="px-3 py-2">
        <span className="text-slate-500">{entry.targetType}</span>{" "}
        <span className="break-words">{entry.targetLabel ?? entry.targetId ?? ""}</span>
      </td>
      <td className="px-3 py-2">
        <Details details={entry.details} />
      </td>
    </tr>
  );
}

export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <TableHead headings={["When", "Actor", "Action", "Target", "Details"]} />
        <tbody>
          {entries.map((e) => (
            <Row key={e.id} entry={e} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
