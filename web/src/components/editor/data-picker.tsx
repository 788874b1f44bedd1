"use client";
// The data picker: what the step may read (the trigger, upstream steps, the run), walked
// from sample data, each inserted as a ready `{{ }}` template.
import { Braces } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/field";
import { expressionOf, pickableFields, type PickableField } from "~/lib/editor/data-picker";
import { useEditor } from "./editor-context";

function FieldList({ fields, onPick }: { fields: PickableField[]; onPick(template: string): void }) {
  if (!fields.length) return <p className="p-2 text-sm text-slate-500">Nothing matches.</p>;
  return (
    <ul className="max-h-72 overflow-y-auto py-1">
      {fields.map((f) => (
        <li key={f.template}>
          <button
            type="button"
            onClick={() => onPick(f.template)}
            className="flex w-full items-baseline gap-2 px-2 py-1 text-left text-xs hover:bg-accent-50"
          >
            <span className="font-mono text-slate-800">{expressionOf(f)}</span>
            <span className="text-slate-400">{f.type}</span>
            {f.sample && <span className="ml-auto truncate text-slate-500">{f.sample}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function DataPicker({ stepId, label, onPick }: { stepId: string; label: string; onPick(t: string): void }) {
  const { draft, samples } = useEditor();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");
  const box = useRef<HTMLDivElement>(null);
  const fields = useMemo(
    () => (open ? pickableFields(draft.definition, stepId, samples) : []),
    [open, draft.definition, stepId, samples],
  );
  const shown = fields.filter((f) => f.template.toLowerCase().includes(filter.toLowerCase()));
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);
  return (
    // The list opens under the whole field row (the nearest positioned parent), inside the panel's width.
    <div ref={box} onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Insert data into ${label}`}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Braces aria-hidden className="size-4" />
      </Button>
      {open && (
        <div className="absolute inset-x-0 top-full z-20 mt-1 rounded-md border border-slate-200 bg-white shadow-lg">
          <div className="border-b border-slate-100 p-2">
            <Input
              autoFocus
              aria-label="Filter data"
              placeholder="Filter"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </div>
          <FieldList
            fields={shown}
            onPick={(t) => {
              onPick(t);
              setOpen(false);
            }}
          />
        </div>
      )}
    </div>
  );
}
