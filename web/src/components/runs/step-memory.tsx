"use client";
// What a step owes to memory: the run its output was taken from (a remembered result, or a
// re-run's original) and what that saved; an incremental fan-out's items and what changed.
import { History } from "lucide-react";
import Link from "next/link";
import { useId, useState } from "react";
import { Button } from "~/components/ui/button";
import { Fact } from "~/components/ui/fact";
import { ErrorState, Spinner } from "~/components/ui/states";
import { formatSaved, shortId } from "~/lib/runs/format";
import type { StepStateView } from "./types";
import { Part } from "./panel-part";
import { useStepDetail } from "./use-step-detail";

/** "Cached — from run …" or "Reused from run …", linked, with what it saved. */
export function StepOrigin({ step, workspace }: { step: StepStateView; workspace: string }) {
  const from = step.cachedFrom ?? step.reusedFrom;
  if (!from) return null;
  return (
    <p
      data-testid="step-origin"
      className="flex items-start gap-2 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700"
    >
      <History aria-hidden className="mt-0.5 size-4 shrink-0 text-slate-500" />
      <span>
        {step.cachedFrom ? "Cached — from " : "Reused from "}
        <Link className="text-accent-700 hover:underline" href={`/w/${workspace}/runs/${from}`}>
          run {shortId(from)}
        </Link>
        {step.saved && <span className="text-slate-500"> · saved {formatSaved(step.saved)}</span>}
      </span>
    </p>
  );
}

/** Long lists of keys show this many until opened. */
const FOLDED_KEYS = 12;

function ChangedKeys({ label, keys, total }: { label: string; keys: string[]; total: number }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (!keys.length) return null;
  const shown = open ? keys : keys.slice(0, FOLDED_KEYS);
  return (
    <div className="space-y-1">
      <p className="text-xs font-medium text-slate-600">
        {label} ({total.toLocaleString("en-US")})
      </p>
      <ul id={listId} aria-label={`${label} keys`} className="flex flex-wrap gap-1">
        {shown.map((key) => (
          <li key={key} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all text-slate-700">
            {key}
          </li>
        ))}
      </ul>
      {keys.length > FOLDED_KEYS && (
        <Button size="sm" variant="ghost" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
          {open
            ? `Show fewer ${label.toLowerCase()} keys`
            : `Show ${total > keys.length ? "the first" : "all"} ${keys.length.toLocaleString("en-US")}`}
        </Button>
      )}
      {open && total > keys.length && (
        <p className="text-xs text-slate-500">
          and {(total - keys.length).toLocaleString("en-US")} more; the run's API (GET /api/v1/runs/&lt;id&gt;) lists
          every key.
        </p>
      )}
    </div>
  );
}

function Changes({ runId, stepId }: { runId: string; stepId: string }) {
  const detail = useStepDetail(runId, stepId);
  if (detail.isPending) return <Spinner label="Loading the changes" />;
  if (detail.isError) return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  const changes = detail.data.changes;
  if (!changes) return null;
  const none = !changes.added.length && !changes.changed.length && !changes.removed.length;
  return (
    <div className="space-y-2">
      {none && <p className="text-sm text-slate-600">Nothing added, changed or removed since the last run.</p>}
      <ChangedKeys label="Added" keys={changes.added} total={changes.totals.added} />
      <ChangedKeys label="Changed" keys={changes.changed} total={changes.totals.changed} />
      <ChangedKeys label="Removed" keys={changes.removed} total={changes.totals.removed} />
      <p className="text-xs text-slate-600">{changes.unchanged.toLocaleString("en-US")} unchanged</p>
    </div>
  );
}

/** An incremental fan-out: items processed now, taken from earlier runs, failed; then the keys that changed. */
export function IncrementalItems({ runId, step }: { runId: string; step: StepStateView }) {
  const counts = step.incremental;
  if (!counts) return null;
  return (
    <Part title="Items">
      <dl className="flex gap-8" data-testid="incremental-counts">
        <Fact label="Processed">{counts.processed.toLocaleString("en-US")}</Fact>
        <Fact label="Reused">{counts.reused.toLocaleString("en-US")}</Fact>
        <Fact label="Failed">{counts.failed.toLocaleString("en-US")}</Fact>
      </dl>
      {step.saved && <p className="text-xs text-slate-600">Reusing items saved {formatSaved(step.saved)}.</p>}
      <Changes runId={runId} stepId={step.id} />
    </Part>
  );
}
