"use client";
import { cn } from "~/components/ui/cn";
import { ApprovalStatus } from "./approval-status";
import { Timestamp } from "~/components/ui/timestamp";
import type { Approval } from "./approval-types";

interface Props {
  items: Approval[];
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The inbox's entries, each a button named by the approval's title. */
export function ApprovalList({ items, selected, onSelect }: Props) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Approvals">
      {items.map((a) => (
        <li key={a.id}>
          <button
            type="button"
            aria-label={a.title}
            aria-describedby={`approval-${a.id}-meta`}
            aria-current={selected === a.id ? "true" : undefined}
            onClick={() => onSelect(a.id)}
            className={cn(
              "block w-full px-4 py-3 text-left hover:bg-slate-50",
              selected === a.id && "bg-accent-50 hover:bg-accent-50",
            )}
          >
            <span className="flex items-center justify-between gap-2">
              <span className="truncate font-medium">{a.title}</span>
              {a.status !== "pending" && <ApprovalStatus status={a.status} />}
              {a.kind === "task" && a.status === "pending" && (
                <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">task</span>
              )}
            </span>
            <span id={`approval-${a.id}-meta`} className="mt-0.5 block text-xs text-slate-500">
              {a.workflow} · {a.status === "pending" ? "waiting since " : "asked "}
              <Timestamp iso={a.createdAt} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
