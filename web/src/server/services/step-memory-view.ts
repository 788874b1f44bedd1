// Where a step's output came from when it was not computed now (a remembered result, a re-run's
// original), what remembering saved, and an incremental fan-out's account: read from the step's
// row for the run API (getRun) and the run screen (getRunDetail).
import type { Prisma } from "@switchyard/db";

/** What an incremental fan-out found against its memory: item keys, and how many were unchanged. */
export interface ChangesView {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

export interface IncrementalView {
  processed: number;
  reused: number;
  failed: number;
  changes: ChangesView;
}

export interface StepMemoryView {
  /** Reason `cached`: the run that computed the remembered result this step took. */
  cachedFrom?: string;
  /** Reason `reused`: the run that computed the output this re-run took. */
  reusedFrom?: string;
  /** Connector calls the step did not make and what they took when they were made; only when it saved any. */
  saved?: { calls: number; ms: number };
  /** An incremental fan-out: items processed now, reused from earlier runs, failed, and the changes. */
  incremental?: IncrementalView;
}

export const stepMemorySelect = {
  reason: true,
  originRunId: true,
  savedCalls: true,
  savedMs: true,
  incremental: true,
} as const satisfies Prisma.StepRunSelect;

type MemoryRow = Prisma.StepRunGetPayload<{ select: typeof stepMemorySelect }>;

const EMPTY_CHANGES: ChangesView = { added: [], changed: [], removed: [], unchanged: 0 };

/** The changes an incremental step's plan recorded in its row, as soon as it planned. */
export function changesOf(value: Prisma.JsonValue): ChangesView | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value) || !("changes" in value)) return undefined;
  return { ...EMPTY_CHANGES, ...(value.changes as Partial<ChangesView>) };
}

/** Keys per list the run screen is sent: it asks every second while the step runs. */
export const LISTED_KEYS = 500;

/** Changes as the run screen shows them: each list's first LISTED_KEYS keys, and its length. */
export interface ListedChanges extends ChangesView {
  totals: { added: number; changed: number; removed: number };
}

export function listedChanges(changes: ChangesView | undefined): ListedChanges | undefined {
  if (!changes) return undefined;
  const { added, changed, removed, unchanged } = changes;
  return {
    added: added.slice(0, LISTED_KEYS),
    changed: changed.slice(0, LISTED_KEYS),
    removed: removed.slice(0, LISTED_KEYS),
    unchanged,
    totals: { added: added.length, changed: changed.length, removed: removed.length },
  };
}

/**
 * The engine's record once the fan-out has settled: its plan wrote `{changes}` and its end added
 * `{processed, reused, failed}`. Until then there are no counts to show (not zeros).
 */
export function incrementalOf(value: Prisma.JsonValue): IncrementalView | undefined {
  const changes = changesOf(value);
  const v = value as Partial<IncrementalView> | null;
  if (!changes || typeof v?.processed !== "number") return undefined;
  return { processed: v.processed, reused: v.reused ?? 0, failed: v.failed ?? 0, changes };
}

/**
 * The row's memory fields (none for a step without a row). A reused step recorded before re-runs
 * named their origin was taken from the run this one re-runs: `rerunOf`.
 */
export function stepMemoryOf(row: MemoryRow | undefined, rerunOf: string | null): StepMemoryView {
  if (!row) return {};
  const view: StepMemoryView = {};
  if (row.reason === "cached" && row.originRunId) view.cachedFrom = row.originRunId;
  const reusedFrom = row.reason === "reused" ? (row.originRunId ?? rerunOf) : null;
  if (reusedFrom) view.reusedFrom = reusedFrom;
  if (row.savedCalls > 0 || row.savedMs > 0) view.saved = { calls: row.savedCalls, ms: row.savedMs };
  const incremental = incrementalOf(row.incremental);
  if (incremental) view.incremental = incremental;
  return view;
}

/** An incremental fan-out's account as numbers only: how many items were added, changed, removed and unchanged. */
export interface IncrementalCounts {
  processed: number;
  reused: number;
  failed: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

export type StepMemoryCounts = Omit<StepMemoryView, "incremental"> & { incremental?: IncrementalCounts };

/**
 * For the run screen, which polls while the run goes on: a first run's changes name every item,
 * so they come as counts here and as keys with the step's details, when it is opened.
 */
export function countedMemory({ incremental, ...view }: StepMemoryView): StepMemoryCounts {
  if (!incremental) return view;
  const { changes, ...counts } = incremental;
  return {
    ...view,
    incremental: {
      ...counts,
      added: changes.added.length,
      changed: changes.changed.length,
      removed: changes.removed.length,
      unchanged: changes.unchanged,
    },
  };
}
