"use client";
// A workflow's versions: who saved each and when; pick two to compare, restore an old one.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Timestamp } from "~/components/ui/timestamp";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import type { VersionSummary } from "~/server/services/workflow-versions";
import { RestoreButton } from "./restore-button";
import { VersionDiff } from "./version-diff";

export interface VersionHistoryProps {
  workspace: string;
  slug: string;
  /** Editors and up may restore. */
  canEdit: boolean;
}

/** The two versions to compare: the last two picked, the older first. */
function usePair(versions: VersionSummary[] | undefined) {
  const [picked, setPicked] = useState<number[] | null>(null);
  const current = picked ?? versions?.slice(0, 2).map((v) => v.version) ?? [];
  const toggle = (version: number) =>
    setPicked(current.includes(version) ? current.filter((v) => v !== version) : [...current, version].slice(-2));
  const pair = current.length === 2 ? ([Math.min(...current), Math.max(...current)] as const) : null;
  return { current, toggle, pair };
}

function VersionItem(
  props: { v: VersionSummary; latest: boolean; checked: boolean; toggle(): void } & VersionHistoryProps,
) {
  const { v, latest, checked, toggle, slug, canEdit } = props;
  return (
    <li className="flex items-center gap-3 px-3 py-2" data-testid={`version-${v.version}`}>
      <input
        type="checkbox"
        checked={checked}
        onChange={toggle}
        aria-label={`Compare version ${v.version}`}
        className="size-4"
      />
      <div className="min-w-0 flex-1 text-sm">
        <span className="font-medium">Version {v.version}</span>
        {latest && <span className="ml-2 rounded bg-accent-50 px-1.5 text-xs text-accent-700">current</span>}
        <div className="text-xs text-slate-500">
          {v.savedBy ?? "unknown"} · <Timestamp iso={v.createdAt} />
        </div>
      </div>
      {canEdit && !latest && <RestoreButton slug={slug} version={v.version} />}
    </li>
  );
}

export function VersionHistory(props: VersionHistoryProps) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.workflows.versions.queryOptions({ slug: props.slug }));
  const { current, toggle, pair } = usePair(versions.data);
  if (versions.isPending) return <Loading label="Loading versions" />;
  if (versions.isError) return <ErrorState error={versions.error} retry={() => void versions.refetch()} />;
  if (!versions.data.length)
    return <EmptyState title="No versions yet">Save the workflow to start its history.</EmptyState>;
  return (
    <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
      <ul aria-label="Versions" className="divide-y divide-slate-100 rounded-md border border-slate-200">
        {versions.data.map((v, i) => (
          <VersionItem
            key={v.version}
            {...props}
            v={v}
            latest={i === 0}
            checked={current.includes(v.version)}
            toggle={() => toggle(v.version)}
          />
        ))}
      </ul>
      {pair ? (
        <VersionDiff slug={props.slug} older={pair[0]} newer={pair[1]} />
      ) : (
        <p className="text-sm text-slate-500">Pick two versions to compare them.</p>
      )}
    </div>
  );
}
