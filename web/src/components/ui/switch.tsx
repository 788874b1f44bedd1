import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

interface SwitchProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "role" | "aria-checked" | "onChange"> {
  checked: boolean;
  onChange(checked: boolean): void;
  /** Shown beside the track: "Enabled" / "Disabled". */
  label: string;
}

/** An on/off switch: a button with role "switch", the track and knob, and a visible label. */
export function Switch({ checked, onChange, label, className, ...props }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      onClick={() => onChange(!checked)}
      className={cn("inline-flex items-center gap-2 text-sm text-slate-700 disabled:cursor-default", className)}
      {...props}
    >
      <span
        aria-hidden
        className={cn("relative h-5 w-9 rounded-full transition-colors", checked ? "bg-accent-600" : "bg-slate-300")}
      >
        <span
          className={cn(
            "absolute top-0.5 size-4 rounded-full bg-white transition-all",
            checked ? "left-4.5" : "left-0.5",
          )}
        />
      </span>
      {label}
    </button>
  );
}
