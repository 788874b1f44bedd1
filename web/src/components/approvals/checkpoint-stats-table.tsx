import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/trpc/root";

type Stats = inferRouterOutputs<AppRouter>["workflows"]["checkpoints"];
type Checkpoint = Stats["checkpoints"][number];

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);
const duration = (s: number | null) =>
  s === null
    ? "—"
    : s < 90
      ? `${Math.round(s)} s`
      : s < 5400
        ? `${Math.round(s / 60)} min`
        : `${(s / 3600).toFixed(1)} h`;

/** The suggestion: a checkpoint people always wave through could run by itself. */
function Suggestion({ c, readyAfter }: { c: Checkpoint; readyAfter: number }) {
  if (c.readyToAutomate)
    return (
      <p className="text-emerald-800">
        Ready to automate: approved {c.unchangedApprovalsInARow} times in a row without an edit. Consider{" "}
        <code className="font-mono text-xs">mode: &quot;auto&quot;</code> for step {c.stepId}.
      </p>
    );
  if (c.kind === "task")
    return c.replaceableBy.length ? (
      <p className="text-slate-700">Could be done by: {c.replaceableBy.join(", ")}.</p>
    ) : (
      <p className="text-slate-500">Done by hand in {duration(c.manualStepMedianSeconds)} (median).</p>
    );
  return (
    <p className="text-slate-500">
      {c.unchangedApprovalsInARow} of {readyAfter} unchanged approvals in a row.
    </p>
  );
}

export function CheckpointStatsTable({ stats }: { stats: Stats }) {
  return (
    <table className="w-full text-left text-sm" aria-label="Checkpoint statistics">
      <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase">
        <tr>
          <th className="px-3 py-2 font-medium">Checkpoint</th>
          <th className="px-3 py-2 font-medium">Decided</th>
          <th className="px-3 py-2 font-medium">Approved</th>
          <th className="px-3 py-2 font-medium">Edited</th>
          <th className="px-3 py-2 font-medium">Median / p90 wait</th>
          <th className="px-3 py-2 font-medium">Suggestion</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {stats.checkpoints.map((c) => (
          <tr key={c.stepId} data-testid={`checkpoint-${c.stepId}`}>
            <td className="px-3 py-2">
              <span className="block font-medium">{c.title}</span>
              <span className="font-mono text-xs text-slate-500">
                {c.stepId} · {c.kind}
              </span>
            </td>
            <td className="px-3 py-2">
              {c.decisions}
              {c.pending > 0 && <span className="text-slate-500"> (+{c.pending} waiting)</span>}
              {c.timedOut > 0 && <span className="text-slate-500">, {c.timedOut} timed out</span>}
            </td>
            <td className="px-3 py-2">{pct(c.approvalRate)}</td>
            <td className="px-3 py-2">{pct(c.editRate)}</td>
            <td className="px-3 py-2">
              {duration(c.medianSecondsToDecide)} / {duration(c.p90SecondsToDecide)}
            </td>
            <td className="px-3 py-2">
              <Suggestion c={c} readyAfter={stats.readyAfter} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
