import { cn } from "./cn";

/** Run and step statuses share one palette everywhere: lists, graph nodes, the Gantt. */
export const STATUS_STYLE: Record<string, { badge: string; bar: string; label: string }> = {
  pending: { badge: "bg-slate-100 text-slate-600", bar: "bg-slate-300", label: "Pending" },
  queued: { badge: "bg-slate-100 text-slate-600", bar: "bg-slate-300", label: "Queued" },
  running: { badge: "bg-blue-100 text-blue-800", bar: "bg-blue-500", label: "Running" },
  waiting: { badge: "bg-amber-100 text-amber-800", bar: "bg-amber-400", label: "Waiting" },
  succeeded: { badge: "bg-emerald-100 text-emerald-800", bar: "bg-emerald-500", label: "Succeeded" },
  partially_succeeded: { badge: "bg-orange-100 text-orange-800", bar: "bg-orange-400", label: "Partly failed" },
  failed_to_start: { badge: "bg-red-100 text-red-800", bar: "bg-red-500", label: "Failed to start" },
  failed: { badge: "bg-red-100 text-red-800", bar: "bg-red-500", label: "Failed" },
  skipped: { badge: "bg-slate-100 text-slate-500", bar: "bg-slate-300", label: "Skipped" },
  cancelled: { badge: "bg-slate-200 text-slate-700", bar: "bg-slate-400", label: "Cancelled" },
};

const FALLBACK = { badge: "bg-slate-100 text-slate-600", bar: "bg-slate-300", label: "" };
export const statusStyle = (status: string) => STATUS_STYLE[status] ?? { ...FALLBACK, label: status };

export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const style = statusStyle(status);
  return (
    <span
      className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium", style.badge, className)}
    >
      {style.label}
    </span>
  );
}
