import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "~/components/ui/cn";

/** A navigation that looks like the primary button. */
export function LinkButton({ className, ...props }: ComponentProps<typeof Link>) {
  return (
    <Link
      className={cn(
        "inline-flex h-9 items-center gap-2 rounded-md bg-accent-600 px-3.5 text-sm font-medium text-white hover:bg-accent-700",
        className,
      )}
      {...props}
    />
  );
}
