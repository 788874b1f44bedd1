import { cn } from "~/components/ui/cn";

const STYLE: Record<string, { label: string; className: string }> = {
  active: { label: "OK", className: "bg-emerald-100 text-emerald-800" },
  needs_reauth: { label: "Needs re-auth", className: "bg-amber-100 text-amber-800" },
  error: { label: "Error", className: "bg-red-100 text-red-800" },
};

export function ConnectionStatus({ status }: { status: string }) {
  const style = STYLE[status] ?? { label: status, className: "bg-slate-100 text-slate-600" };
  return (
    <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium", style.className)}>
      {style.label}
    </span>
  );
}
