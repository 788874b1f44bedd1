"use client";
import { useMemo } from "react";
import { cn } from "~/components/ui/cn";
import { statusStyle } from "~/components/ui/status";
import { formatDuration } from "~/lib/runs/format";
import { ganttLayout, percent, type GanttLayout, type GanttRow } from "~/lib/runs/gantt";
import { isRunFinished } from "~/lib/runs/status";
import type { RunDetail } from "./types";
import { useNow } from "./use-now";

const ROW = "h-8";
/** Hatching marks time spent waiting for people, whatever the status colour under it. */
const WAITING = "bg-[repeating-linear-gradient(135deg,rgba(15,23,42,0.35)_0_3px,transparent_3px_7px)] bg-amber-200/70";

interface Props {
  run: RunDetail;
  selected: string | null;
  onSelect(stepId: string): void;
}

function rowLabel(row: GanttRow): string {
  const status = statusStyle(row.status).label;
  const bar = row.bar;
  if (!bar) return `${row.id}: ${status}, did not start`;
  const parts = [
    `${row.id}: ${status}`,
    `from ${formatDuration(bar.startMs)} to ${formatDuration(bar.endMs)}`,
    bar.waiting ? `waited ${formatDuration(bar.waiting.endMs - bar.waiting.startMs)} for people` : "",
    bar.overlaps.length ? `alongside ${bar.overlaps.join(", ")}` : "",
    bar.critical ? "on the critical path" : "",
  ];
  return parts.filter(Boolean).join(", ");
}

function Bar({ row, totalMs, onSelect }: { row: GanttRow; totalMs: number; onSelect(id: string): void }) {
  const bar = row.bar!;
  return (
    <>
      <div
        data-testid={`gantt-bar-${row.id}`}
        data-start={Math.round(bar.startMs)}
        data-end={Math.round(bar.endMs)}
        data-critical={bar.critical}
        onClick={() => onSelect(row.id)}
        title={rowLabel(row)}
        className={cn(
          "absolute top-1.5 h-5 min-w-0.5 cursor-pointer rounded-sm opacity-90",
          statusStyle(row.status).bar,
          bar.critical && "outline-2 outline-offset-1 outline-slate-900",
          bar.open && "animate-pulse",
        )}
        style={{ left: `${percent(bar.startMs, totalMs)}%`, width: `${percent(bar.endMs - bar.startMs, totalMs)}%` }}
      />
      {bar.waiting && bar.waiting.endMs > bar.waiting.startMs && (
        <div
          data-testid={`gantt-waiting-${row.id}`}
          className={cn("pointer-events-none absolute top-1.5 h-5 rounded-sm", WAITING)}
          style={{
            left: `${percent(bar.waiting.startMs, totalMs)}%`,
            width: `${percent(bar.waiting.endMs - bar.waiting.startMs, totalMs)}%`,
          }}
        />
      )}
    </>
  );
}

function Axis({ layout }: { layout: GanttLayout }) {
  return (
    <div aria-hidden className={cn("relative border-b border-slate-200 text-xs text-slate-500", ROW)}>
      {layout.ticks.map((t) => {
        const at = percent(t.ms, layout.totalMs);
        // Labels at either end stay inside the axis.
        const shift = at < 5 ? "0" : at > 95 ? "-100%" : "-50%";
        return (
          <span
            key={t.ms}
            className="absolute bottom-1 whitespace-nowrap"
            style={{ left: `${at}%`, transform: `translateX(${shift})` }}
          >
            {t.label}
          </span>
        );
      })}
    </div>
  );
}

function Gridlines({ layout }: { layout: GanttLayout }) {
  return (
    <div aria-hidden className="pointer-events-none absolute inset-x-0 top-8 bottom-0">
      {layout.ticks.map((t) => (
        <div
          key={t.ms}
          className="absolute top-0 bottom-0 border-l border-slate-100"
          style={{ left: `${percent(t.ms, layout.totalMs)}%` }}
        />
      ))}
    </div>
  );
}

function Legend({ layout }: { layout: GanttLayout }) {
  return (
    <div className="flex flex-wrap items-center gap-x-5 gap-y-1 text-xs text-slate-600">
      <span>{layout.maxConcurrent > 1 ? `Up to ${layout.maxConcurrent} steps ran at once` : "One step at a time"}</span>
      {layout.criticalPath.length > 0 && (
        <span className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block h-3 w-5 rounded-sm bg-slate-300 outline-2 outline-slate-900" />
          Critical path: {layout.criticalPath.join(" → ")}
        </span>
      )}
      <span className="flex items-center gap-1.5">
        <span aria-hidden className={cn("inline-block h-3 w-5 rounded-sm", WAITING)} />
        Waiting for people
      </span>
    </div>
  );
}

/** One row per step, bars from start to end on the run's time axis; running bars grow as the clock ticks. */
export function RunGantt({ run, selected, onSelect }: Props) {
  const now = useNow(500, !isRunFinished(run.status));
  const layout = useMemo(
    () =>
      ganttLayout({
        definition: run.definition,
        steps: run.steps.map((s) => ({
          ...s,
          waiting: s.approval ? { from: s.approval.openedAt, until: s.approval.decidedAt } : null,
        })),
        runStartedAt: run.startedAt,
        runEndedAt: run.endedAt,
        now,
      }),
    [run, now],
  );
  if (layout.rows.every((row) => !row.bar)) return <p className="text-sm text-slate-600">No step has started yet.</p>;
  return (
    <div className="space-y-3">
      <Legend layout={layout} />
      <div className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-3">
        <div>
          <div className={ROW} />
          {layout.rows.map((row) => (
            <button
              key={row.id}
              type="button"
              onClick={() => onSelect(row.id)}
              aria-pressed={selected === row.id}
              aria-label={rowLabel(row)}
              className={cn(
                "block w-full truncate rounded px-2 text-left text-sm",
                ROW,
                selected === row.id ? "bg-accent-50 font-semibold text-accent-700" : "hover:bg-slate-100",
              )}
            >
              {row.id}
            </button>
          ))}
        </div>
        <div className="relative">
          <Axis layout={layout} />
          <Gridlines layout={layout} />
          {layout.rows.map((row) => (
            <div key={row.id} className={cn("relative", ROW, selected === row.id && "bg-accent-50/60")}>
              {row.bar && <Bar row={row} totalMs={layout.totalMs} onSelect={onSelect} />}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
