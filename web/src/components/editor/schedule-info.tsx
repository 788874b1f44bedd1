"use client";
// A saved schedule as Temporal holds it: the next fires in the schedule's own time zone, the last
// fire and its run, and pause, resume and run now for editors.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Pause, Play, Zap } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { ErrorState, Spinner } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import type { AppRouter } from "~/server/trpc/root";
import { useEditor } from "./editor-context";

const inZone = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone });

const WHY_NO_TIMES = {
  unreachable: "Temporal cannot be reached right now, so the next fire times are unknown.",
  missing: "Temporal holds no schedule for this workflow yet; the worker creates it when it next starts.",
} as const;

type ScheduleView = inferRouterOutputs<AppRouter>["workflows"]["schedule"];

const STATE = {
  active: { label: "Active", badge: "bg-emerald-100 text-emerald-800", detail: "" },
  paused: { label: "Paused", badge: "bg-amber-100 text-amber-800", detail: "Fires take no runs until it is resumed." },
  off: { label: "Off", badge: "bg-slate-100 text-slate-600", detail: "The workflow is disabled." },
} as const;
const stateOf = (s: ScheduleView): keyof typeof STATE => (!s.enabled ? "off" : s.paused ? "paused" : "active");

function NextFires({ s, timeZone }: { s: ScheduleView; timeZone: string }) {
  if (!s.enabled || s.paused) return null;
  return (
    <div className="space-y-1">
      <h3 className="text-xs font-medium text-slate-600">Next fires ({timeZone})</h3>
      {s.nextFires.length ? (
        <ol className="space-y-0.5 font-mono text-xs text-slate-700" data-testid="next-fires">
          {s.nextFires.map((iso) => (
            <li key={iso}>
              <time dateTime={iso}>{inZone(iso, timeZone)}</time>
            </li>
          ))}
        </ol>
      ) : (
        s.temporal !== "ok" && <p className="text-xs text-amber-700">{WHY_NO_TIMES[s.temporal]}</p>
      )}
    </div>
  );
}

function LastFire({ s, timeZone, workspace }: { s: ScheduleView; timeZone: string; workspace: string }) {
  return (
    <p className="text-xs text-slate-600">
      {s.lastFire ? (
        <>
          Last fire: <time dateTime={s.lastFire.scheduledAt}>{inZone(s.lastFire.scheduledAt, timeZone)}</time>,{" "}
          <Link className="underline" href={`/w/${workspace}/runs/${s.lastFire.runId}`}>
            run {s.lastFire.status.replace("_", " ")}
          </Link>
          .
        </>
      ) : (
        "No fire yet."
      )}
      {s.skippedByOverlap > 0 && ` ${s.skippedByOverlap} fire(s) skipped while a run was still going.`}
    </p>
  );
}

/** Pause or resume, and run now, for editors; a started run is linked. */
function ScheduleActions({ slug, paused, onDone }: { slug: string; paused: boolean; onDone(): void }) {
  const { workspace, notify } = useEditor();
  const trpc = useTRPC();
  const [started, setStarted] = useState<string | null>(null);
  const setPaused = useMutation(
    trpc.workflows.setSchedulePaused.mutationOptions({ onSettled: onDone, onError: (e) => notify(e.message) }),
  );
  const runNow = useMutation(
    trpc.workflows.fireScheduleNow.mutationOptions({
      onSuccess: ({ runId }) => setStarted(runId),
      onSettled: onDone,
      onError: (e) => notify(e.message),
    }),
  );
  return (
    <>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={setPaused.isPending} onClick={() => setPaused.mutate({ slug, paused: !paused })}>
          {paused ? <Play aria-hidden className="size-4" /> : <Pause aria-hidden className="size-4" />}
          {paused ? "Resume" : "Pause"}
        </Button>
        <Button size="sm" disabled={runNow.isPending} onClick={() => runNow.mutate({ slug })}>
          <Zap aria-hidden className="size-4" /> Run now
        </Button>
      </div>
      {started && (
        <p role="status" className="text-xs text-slate-600">
          Started{" "}
          <Link className="underline" href={`/w/${workspace}/runs/${started}`}>
            a run
          </Link>
          .
        </p>
      )}
    </>
  );
}

/** The saved schedule (the draft may have changed it since), its times in its own saved zone. */
export function ScheduleInfo() {
  const { slug, workspace, canEdit, draft } = useEditor();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A schedule chosen in the draft only has nothing to show until it is saved.
  const savedTrigger = draft.saved.trigger;
  const saved = slug !== null && savedTrigger.type === "schedule";
  const schedule = useQuery({ ...trpc.workflows.schedule.queryOptions({ slug: slug ?? "" }), enabled: saved });
  if (!saved) return <p className="text-sm text-slate-600">Save the workflow to schedule it.</p>;
  const timeZone = savedTrigger.timezone;
  if (schedule.isPending) return <Spinner label="Loading the schedule" />;
  if (schedule.isError) return <ErrorState error={schedule.error} retry={() => void schedule.refetch()} />;
  const s = schedule.data;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.workflows.schedule.queryKey({ slug }) });
  return (
    <section aria-label="Schedule" className="space-y-3 text-sm">
      <p className="flex items-center gap-2 text-slate-700" data-testid="schedule-state">
        <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", STATE[stateOf(s)].badge)}>
          {STATE[stateOf(s)].label}
        </span>
        {STATE[stateOf(s)].detail}
      </p>
      <NextFires s={s} timeZone={timeZone} />
      <LastFire s={s} timeZone={timeZone} workspace={workspace} />
      {canEdit && s.enabled && <ScheduleActions slug={slug} paused={s.paused} onDone={refresh} />}
    </section>
  );
}
