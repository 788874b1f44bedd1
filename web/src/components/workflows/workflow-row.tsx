"use client";
import { Clock, Globe, Hand, History, Pencil, PlayCircle, Radio, RefreshCw } from "lucide-react";
import Link from "next/link";
import { Moment } from "~/components/runs/moment";
import { StatusBadge } from "~/components/ui/status";
import { formatDuration } from "~/lib/runs/format";
import type { TriggerKind, WorkflowListItem } from "~/server/services/workflow-summaries";
import { EnabledToggle } from "./enabled-toggle";

const TRIGGERS: Record<TriggerKind, { label: string; icon: typeof Globe }> = {
  webhook: { label: "Webhook", icon: Globe },
  poll: { label: "Poll", icon: RefreshCw },
  event: { label: "App event", icon: Radio },
  manual: { label: "Manual", icon: Hand },
  schedule: { label: "Schedule", icon: Clock },
};

function TriggerCell({ trigger }: { trigger: WorkflowListItem["trigger"] }) {
  const { label, icon: Icon } = TRIGGERS[trigger.kind] ?? { label: trigger.kind, icon: PlayCircle };
  return (
    <span className="inline-flex items-center gap-1.5" title={trigger.uses ?? undefined}>
      <Icon aria-hidden className="size-4 text-slate-400" />
      {label}
      {trigger.uses && <code className="text-xs text-slate-500">{trigger.uses}</code>}
    </span>
  );
}

function WeekCells({ week }: { week: WorkflowListItem["week"] }) {
  return (
    <>
      <td className="px-3 py-2.5 tabular-nums">
        {week.successRate === null ? (
          <span className="text-slate-400">No runs</span>
        ) : (
          <span title={`${week.finished} finished runs`}>{Math.round(week.successRate * 100)}%</span>
        )}
      </td>
      <td className="px-3 py-2.5 tabular-nums">
        {week.medianDurationMs === null ? (
          <span className="text-slate-400">—</span>
        ) : (
          formatDuration(week.medianDurationMs)
        )}
      </td>
    </>
  );
}

const actionLink = "inline-flex items-center gap-1 rounded px-1.5 py-1 text-sm text-slate-700 hover:bg-slate-100";

interface RowProps {
  item: WorkflowListItem;
  workspace: string;
  canEdit: boolean;
  now: number;
}

export function WorkflowRow({ item, workspace, canEdit, now }: RowProps) {
  const base = `/w/${workspace}/workflows/${item.slug}`;
  return (
    <tr className="border-t border-slate-100 hover:bg-slate-50" data-testid={`workflow-row-${item.slug}`}>
      <td className="px-3 py-2.5">
        <Link href={`${base}/edit`} className="font-medium text-accent-700 hover:underline">
          {item.name}
        </Link>
        <div className="text-xs text-slate-500">
          <code>{item.slug}</code> · v{item.version}
        </div>
      </td>
      <td className="px-3 py-2.5">
        <EnabledToggle slug={item.slug} name={item.name} enabled={item.enabled} canEdit={canEdit} />
      </td>
      <td className="px-3 py-2.5">
        <TriggerCell trigger={item.trigger} />
      </td>
      <td className="px-3 py-2.5">
        {item.lastRun ? (
          <Link
            href={`/w/${workspace}/runs/${item.lastRun.id}`}
            className="inline-flex items-center gap-2 whitespace-nowrap"
          >
            <StatusBadge status={item.lastRun.status} />
            <Moment iso={item.lastRun.createdAt} now={now} />
          </Link>
        ) : (
          <span className="whitespace-nowrap text-slate-400">Never ran</span>
        )}
      </td>
      <WeekCells week={item.week} />
      <td className="px-3 py-2.5 whitespace-nowrap">
        <Link href={`${base}/edit`} className={actionLink} aria-label={`Edit ${item.name}`}>
          <Pencil aria-hidden className="size-3.5" />
          <span className="max-xl:sr-only">{canEdit ? "Edit" : "View"}</span>
        </Link>
        <Link
          href={`/w/${workspace}/runs?workflow=${item.slug}`}
          className={actionLink}
          aria-label={`Runs of ${item.name}`}
        >
          <PlayCircle aria-hidden className="size-3.5" />
          <span className="max-xl:sr-only">Runs</span>
        </Link>
        <Link href={`${base}/history`} className={actionLink} aria-label={`History of ${item.name}`}>
          <History aria-hidden className="size-3.5" />
          <span className="max-xl:sr-only">History</span>
        </Link>
      </td>
    </tr>
  );
}
