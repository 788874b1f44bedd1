import { ApprovalStatus } from "~/components/approvals/approval-status";
import type { ApprovalView } from "./types";
import { JsonBlock } from "./json-block";

const DECISION: Record<string, string> = { approve: "approved", reject: "rejected", submit: "submitted" };
const exact = (iso: string) => new Date(iso).toLocaleString();

/** What an approver changed before approving: each field the checkpoint let them edit, with its new value. */
function Edits({ edits, who }: { edits: Record<string, unknown>; who: string }) {
  return (
    <div className="space-y-1 rounded-md bg-slate-50 p-2 text-xs">
      <p className="font-medium text-slate-600">Changed by {who}:</p>
      <dl className="space-y-1">
        {Object.entries(edits).map(([field, value]) => (
          <div key={field} className="flex gap-2">
            <dt className="shrink-0 font-mono text-slate-500">{field}</dt>
            <dd className="min-w-0 break-words whitespace-pre-wrap">
              {typeof value === "string" ? value : JSON.stringify(value)}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Decision({ d }: { d: ApprovalView["decisions"][number] }) {
  const who = d.actor === "auto" ? "Automatic rule" : (d.actorName ?? d.actor);
  const edits = d.edits && typeof d.edits === "object" && Object.keys(d.edits).length ? d.edits : null;
  const values = d.values && typeof d.values === "object" && Object.keys(d.values).length ? d.values : null;
  return (
    <li className="space-y-1.5 rounded-md border border-slate-200 p-3 text-sm">
      <p>
        <span className="font-medium">{who}</span> {DECISION[d.decision] ?? d.decision}{" "}
        <span className="text-slate-500">
          via {d.channel}, <time dateTime={d.decidedAt}>{exact(d.decidedAt)}</time>
        </span>
      </p>
      {d.comment && <blockquote className="border-l-2 border-slate-300 pl-2 text-slate-700">{d.comment}</blockquote>}
      {edits && <Edits edits={edits as Record<string, unknown>} who={who} />}
      {values && <JsonBlock value={values} label={`Values submitted by ${who}`} />}
    </li>
  );
}

/** A checkpoint's approval (or test mode's before a step): its outcome and every decision, oldest first. */
export function ApprovalSection({ approval }: { approval: ApprovalView }) {
  return (
    <section aria-label="Approval" className="space-y-2">
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        {approval.title}
        <ApprovalStatus status={approval.status} />
      </h3>
      <p className="text-xs text-slate-500">
        Opened <time dateTime={approval.openedAt}>{exact(approval.openedAt)}</time>
        {approval.decidedAt ? (
          <>
            , closed <time dateTime={approval.decidedAt}>{exact(approval.decidedAt)}</time>
          </>
        ) : (
          <>
            , expires <time dateTime={approval.expiresAt}>{exact(approval.expiresAt)}</time>
          </>
        )}
        {approval.quorum > 1 ? `; needs ${approval.quorum} approvals` : ""}
      </p>
      {approval.decisions.length ? (
        <ul className="space-y-2">
          {approval.decisions.map((d) => (
            <Decision key={`${d.actor}-${d.decidedAt}`} d={d} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No decisions yet.</p>
      )}
    </section>
  );
}
