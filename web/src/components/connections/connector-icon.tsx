import { cn } from "~/components/ui/cn";

/**
 * A connector's inline SVG drawn as a mask filled with the text colour: one look for every icon,
 * and the markup is never injected into the page.
 */
export function ConnectorIcon({ svg, className }: { svg: string; className?: string }) {
  const url = `url("data:image/svg+xml;utf8,${encodeURIComponent(svg)}")`;
  return (
    <span
      aria-hidden
      className={cn("inline-block size-6 shrink-0 bg-current text-slate-700", className)}
      style={{
        maskImage: url,
        WebkitMaskImage: url,
        maskSize: "contain",
        maskRepeat: "no-repeat",
        maskPosition: "center",
      }}
    />
  );
}
