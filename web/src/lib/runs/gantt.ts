// The Gantt timeline's geometry: where each step's bar sits on the run's time axis, which
// bars share time (branches running at once), the ticks of the axis, and the critical
// path of the run as it went. Pure: `now` is passed in, so running bars grow with it.
import { criticalPath, type StepGraph } from "@switchyard/workflows/definition";
import { formatDuration } from "./format";
import { isStepSettled } from "./status";

export interface GanttStep {
  id: string;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  /** When people were deciding: a checkpoint, or test mode's approval before a step; `until` null while open. */
  waiting?: { from: string; until: string | null } | null;
}

export interface GanttInput {
  /** The run's pinned definition: the critical path follows its `needs`. */
  definition: StepGraph;
  /** One row each, in this order. */
  steps: readonly GanttStep[];
  runStartedAt: string | null;
  /** Bars still open at the run's end stop there instead of growing. */
  runEndedAt: string | null;
  now: number;
}

/** Milliseconds from the run's start. */
export interface Span {
  startMs: number;
  endMs: number;
}

export interface GanttBar extends Span {
  /** Still running (or waiting): its end is `now`. */
  open: boolean;
  waiting: Span | null;
  critical: boolean;
  /** Steps whose bars share some time with this one, in row order. */
  overlaps: string[];
}

export interface GanttRow {
  id: string;
  status: string;
  /** Null for a step that never started. */
  bar: GanttBar | null;
}

export interface GanttTick {
  ms: number;
  label: string;
}

export interface GanttLayout {
  /** The axis' length: the run so far, or all of it once ended; never 0. */
  totalMs: number;
  rows: GanttRow[];
  ticks: GanttTick[];
  /** The most steps that ran at the same moment. */
  maxConcurrent: number;
  /** The longest chain of the run's own step durations, first to last. */
  criticalPath: string[];
}

type OpenBar = Omit<GanttBar, "critical" | "overlaps">;

const at = (iso: string) => Date.parse(iso);
const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/** The run's time zero: its start, or an earlier step's (a re-run's reused steps can start first). */
function originOf({ steps, runStartedAt, now }: GanttInput): number {
  const starts = steps.flatMap((s) => (s.startedAt ? [at(s.startedAt)] : []));
  if (runStartedAt) starts.push(at(runStartedAt));
  return starts.length ? Math.min(...starts) : now;
}

function barOf(step: GanttStep, origin: number, openEnd: number): OpenBar | null {
  if (!step.startedAt) return null;
  const startMs = at(step.startedAt) - origin;
  const open = !step.endedAt && !isStepSettled(step.status);
  const endMs = Math.max(startMs, step.endedAt ? at(step.endedAt) - origin : open ? openEnd : startMs);
  let waiting: Span | null = null;
  if (step.waiting) {
    const from = clamp(at(step.waiting.from) - origin, startMs, endMs);
    const until = step.waiting.until ? at(step.waiting.until) - origin : endMs;
    waiting = { startMs: from, endMs: clamp(until, from, endMs) };
  }
  return { startMs, endMs, open, waiting };
}

/** Two spans share some time: touching ends do not, nor does an instant (a step settled at once). */
export const overlap = (a: Span, b: Span): boolean => Math.min(a.endMs, b.endMs) > Math.max(a.startMs, b.startMs);

/** The most spans open at one moment (an end and a start at the same moment do not count together). */
export function maxConcurrent(spans: readonly Span[]): number {
  const events = spans
    .filter((s) => s.endMs > s.startMs)
    .flatMap((s) => [
      [s.startMs, 1],
      [s.endMs, -1],
    ])
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let [open, most] = [0, 0];
  for (const [, delta] of events) most = Math.max(most, (open += delta!));
  return most;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tick intervals people read easily, smallest first. */
const NICE_STEPS = [
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500],
  ...[1, 2, 5, 10, 15, 30].map((n) => n * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((n) => n * MINUTE),
  ...[1, 2, 3, 6, 12].map((n) => n * HOUR),
];

/** Ticks from 0 at a readable interval, at most `maxTicks` intervals across `totalMs`. */
export function axisTicks(totalMs: number, maxTicks = 6): GanttTick[] {
  const interval = NICE_STEPS.find((s) => totalMs / s <= maxTicks) ?? Math.ceil(totalMs / maxTicks / DAY) * DAY;
  const ticks: GanttTick[] = [];
  for (let ms = 0; ms <= totalMs; ms += interval) ticks.push({ ms, label: ms === 0 ? "0" : formatDuration(ms) });
  return ticks;
}

/** A position on the axis as a percentage of its length, for CSS. */
export const percent = (ms: number, totalMs: number): number => (ms / totalMs) * 100;

export function ganttLayout(input: GanttInput): GanttLayout {
  const origin = originOf(input);
  const openEnd = Math.max(0, (input.runEndedAt ? at(input.runEndedAt) : input.now) - origin);
  const bars = new Map(input.steps.map((s) => [s.id, barOf(s, origin, openEnd)]));
  const drawn = [...bars].flatMap(([id, bar]) => (bar ? [{ id, ...bar }] : []));
  const durations = Object.fromEntries(drawn.map((b) => [b.id, b.endMs - b.startMs]));
  const path = criticalPath(input.definition, durations).path.filter((id) => bars.get(id));
  const onPath = new Set(path);
  const rows = input.steps.map((s): GanttRow => {
    const bar = bars.get(s.id);
    if (!bar) return { id: s.id, status: s.status, bar: null };
    const overlaps = drawn.filter((other) => other.id !== s.id && overlap(bar, other)).map((o) => o.id);
    return { id: s.id, status: s.status, bar: { ...bar, critical: onPath.has(s.id), overlaps } };
  });
  const totalMs = Math.max(1, openEnd, ...drawn.map((b) => b.endMs));
  return { totalMs, rows, ticks: axisTicks(totalMs), maxConcurrent: maxConcurrent(drawn), criticalPath: path };
}
