import type { Approval } from "./approval-types";

/** What the steps waiting on this checkpoint will do once it is approved, rendered with today's data. */
export function ApprovalPreview({ preview }: { preview: Approval["preview"] }) {
  if (!preview.length) return <p className="text-sm text-slate-600">No step waits on this checkpoint.</p>;
  return (
    <ol className="space-y-2" aria-label="What happens next">
      {preview.map((step) => (
        <li key={step.stepId} className="rounded-md border border-slate-200 p-3 text-sm">
          <div className="flex flex-wrap items-baseline gap-2">
            <span className="font-medium">{step.description ?? step.stepId}</span>
            <span className="font-mono text-xs text-slate-500">
              {step.stepId} · {step.uses}
              {step.forEach && " · for each item"}
            </span>
          </div>
          {step.renderError ? (
            <p className="mt-1 text-red-700">Its inputs could not be rendered yet: {step.renderError}</p>
          ) : (
            step.with && (
              <pre className="mt-2 max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs">
                {JSON.stringify(step.with, null, 2)}
              </pre>
            )
          )}
        </li>
      ))}
    </ol>
  );
}
