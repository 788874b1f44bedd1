import { cn } from "~/components/ui/cn";
import { statusStyle } from "~/components/ui/status";

/** Each approval outcome in words, coloured as the step status it resembles: one palette everywhere. */
const APPROVAL_STATUS: Record<string, { label: string; like: string }> = {
  pending: { label: "Waiting", like: "waiting" },
  approved: { label: "Approved", like: "succeeded" },
  submitted: { label: "Submitted", like: "succeeded" },
  rejected: { label: "Rejected", like: "failed" },
  timed_out: { label: "Timed out", like: "failed" },
  cancelled: { label: "Cancelled", like: "cancelled" },
};

export function ApprovalStatus({ status }: { status: string }) {
  const { label, like } = APPROVAL_STATUS[status] ?? { label: status, like: status };
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium",
        statusStyle(like).badge,
      )}
    >
      {label}
    </span>
  );
}
