import { ShieldCheck, ShieldOff } from "lucide-react";

const BADGE = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium";

/** Whether a delivery proved its sender: "verified" passed the webhook's auth, "none" had none to pass. */
export function VerificationBadge({ verification }: { verification: string | null }) {
  if (verification === "verified")
    return (
      <span className={`${BADGE} bg-emerald-100 text-emerald-800`}>
        <ShieldCheck aria-hidden className="size-3" />
        Verified
      </span>
    );
  if (verification === "none")
    return (
      <span className={`${BADGE} bg-slate-100 text-slate-600`} title="The webhook checks no signature or credentials">
        <ShieldOff aria-hidden className="size-3" />
        Not checked
      </span>
    );
  // API starts, schedules and replays have no sender to verify.
  return <span className="text-slate-400">—</span>;
}
