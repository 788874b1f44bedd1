import { Timestamp } from "~/components/ui/timestamp";
import type { Approval } from "./approval-types";

const hasKeys = (v: unknown) => !!v && typeof v === "object" && Object.keys(v).length > 0;

/** Who decided what, when, through which channel, with their comment and what they changed or filled in. */
export function ApprovalDecisions({ decisions }: { decisions: Approval["decisions"] }) {
  if (!decisions.length) return <p className="text-sm text-slate-600">Nobody has decided yet.</p>;
  return (
    <ul className="space-y-2 text-sm" aria-label="Decisions">
      {decisions.map((d) => (
        <li key={`${d.actor}-${d.decidedAt}`} className="rounded-md border border-slate-200 p-3">
          <p>
            <span className="font-medium">{d.actorName ? `${d.actorName} <${d.actor}>` : d.actor}</span>{" "}
            {d.decision === "approve" ? "approved" : d.decision === "reject" ? "rejected" : "submitted"} via {d.channel}
            , <Timestamp iso={d.decidedAt} />
          </p>
          {d.comment && <p className="mt-1 text-slate-700">&ldquo;{d.comment}&rdquo;</p>}
          {(hasKeys(d.edits) || hasKeys(d.values)) && (
            <pre className="mt-2 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs">
              {JSON.stringify(hasKeys(d.edits) ? d.edits : d.values, null, 2)}
            </pre>
          )}
        </li>
      ))}
    </ul>
  );
}
