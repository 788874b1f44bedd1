import { CheckCircle2, XCircle } from "lucide-react";
import type { OAuthOutcome } from "~/server/services/oauth-outcome";

/** How an OAuth2 connect that started here ended, once the provider sent the person back. */
export function OutcomeBanner({ outcome }: { outcome: OAuthOutcome }) {
  if (outcome.ok)
    return (
      <div
        role="status"
        className="mb-4 flex items-center gap-2 rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-800"
      >
        <CheckCircle2 aria-hidden className="size-4 shrink-0" />
        {outcome.reconnected ? `Reconnected "${outcome.name}".` : `Connected "${outcome.name}".`}
      </div>
    );
  return (
    <div
      role="alert"
      className="mb-4 flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800"
    >
      <XCircle aria-hidden className="mt-0.5 size-4 shrink-0" />
      <span>
        &ldquo;{outcome.name}&rdquo; was not connected: {outcome.message}
      </span>
    </div>
  );
}
