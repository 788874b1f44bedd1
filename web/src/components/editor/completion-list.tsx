"use client";
// The paths a template field can continue with, under the field; the field keeps the focus
// (it is the combobox), so a click takes an option without blurring it.
import { useEffect } from "react";
import type { Completion } from "~/lib/editor/jsonata-check";
import { cn } from "~/components/ui/cn";

interface CompletionListProps {
  id: string;
  options: readonly Completion[];
  active: number;
  onTake(option: Completion): void;
}

export function CompletionList({ id, options, active, onTake }: CompletionListProps) {
  // The option the arrows reached stays in sight in a long list.
  // A block body: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
  useEffect(() => {
    void document.getElementById(`${id}-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [id, active]);
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="Completions"
      className="absolute inset-x-0 top-full z-20 mt-1 max-h-60 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
    >
      {options.map((option, i) => (
        <li
          key={option.insert}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          onMouseDown={(e) => {
            e.preventDefault();
            onTake(option);
          }}
          className={cn(
            "flex cursor-pointer items-baseline gap-2 px-2 py-1 text-xs",
            i === active ? "bg-accent-50" : "hover:bg-slate-50",
          )}
        >
          <span className="font-mono text-slate-800">{option.label}</span>
          <span className="text-slate-400">{option.type}</span>
          {option.sample && <span className="ml-auto truncate text-slate-500">{option.sample}</span>}
        </li>
      ))}
    </ul>
  );
}
