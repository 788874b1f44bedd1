import { AlertTriangle, Inbox, Loader2 } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";

export function Spinner({ label = "Loading", className }: { label?: string; className?: string }) {
  return (
    <span role="status" className={cn("inline-flex items-center gap-2 text-sm text-slate-500", className)}>
      <Loader2 aria-hidden className="size-4 animate-spin" />
      {label}…
    </span>
  );
}

/** A block-level loading placeholder, for a page section whose data is on its way. */
export function Loading({ label }: { label?: string }) {
  return (
    <div className="flex min-h-32 items-center justify-center">
      <Spinner label={label} />
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <Inbox aria-hidden className="size-8 text-slate-400" />
      <h2 className="text-base font-semibold">{title}</h2>
      {children && <div className="max-w-md text-sm text-slate-600">{children}</div>}
      {action}
    </div>
  );
}

/** What went wrong, in the server's words, and a way to try again. */
export function ErrorState({ error, retry }: { error: { message: string } | null | undefined; retry?: () => void }) {
  return (
    <div
      role="alert"
      className="flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800"
    >
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="space-y-2">
        <p>{error?.message ?? "Something went wrong."}</p>
        {retry && (
          <button type="button" className="font-medium underline" onClick={retry}>
            Try again
          </button>
        )}
      </div>
    </div>
  );
}
