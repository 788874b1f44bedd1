import { cn } from "~/components/ui/cn";
import type { DiffLine } from "~/lib/workflows/json-diff";

const STYLE = {
  added: { sign: "+", className: "bg-emerald-50 text-emerald-900", label: "added" },
  removed: { sign: "-", className: "bg-red-50 text-red-900", label: "removed" },
  same: { sign: " ", className: "text-slate-600", label: "" },
} as const;

/** A unified line diff, + and - in the gutter, with words for screen readers. */
export function JsonDiffView({ lines }: { lines: DiffLine[] }) {
  return (
    <pre
      className="max-h-[60vh] overflow-auto rounded-md border border-slate-200 text-xs leading-5"
      data-testid="json-diff"
    >
      {lines.map((line, i) => {
        const style = STYLE[line.kind];
        return (
          <div key={i} className={cn("px-2 whitespace-pre", style.className)}>
            <span aria-hidden className="mr-2 select-none">
              {style.sign}
            </span>
            {style.label && <span className="sr-only">{style.label}: </span>}
            {line.text}
          </div>
        );
      })}
    </pre>
  );
}
