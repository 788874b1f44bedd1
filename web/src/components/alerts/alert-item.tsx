"use client";
import { Check } from "lucide-react";
import Link from "next/link";
import { Button } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { Timestamp } from "~/components/ui/timestamp";
import type { AlertView } from "~/server/services/alerts";
import { alertKind } from "./alert-kinds";

interface AlertItemProps {
  alert: AlertView;
  /** Absent for viewers: marking read is for everyone in the workspace, so it takes an editor. */
  onMarkRead?: (id: string) => void;
  marking: boolean;
}

export function AlertItem({ alert, onMarkRead, marking }: AlertItemProps) {
  const kind = alertKind(alert.kind);
  const Icon = kind.icon;
  return (
    <li
      data-testid="alert"
      data-read={alert.read}
      aria-label={`${alert.read ? "" : "Unread: "}${alert.title}`}
      className={cn(
        "flex gap-3 border-l-4 px-4 py-3",
        alert.read ? "border-transparent bg-white" : "border-accent-500 bg-accent-50/40",
      )}
    >
      <Icon aria-label={kind.label} role="img" className={cn("mt-0.5 size-5 shrink-0", kind.tone)} />
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <h2 className={cn("text-sm", alert.read ? "font-medium text-slate-700" : "font-semibold text-slate-900")}>
            {alert.title}
          </h2>
          <Timestamp iso={alert.createdAt} className="text-xs text-slate-500" />
        </div>
        <p className="text-sm break-words whitespace-pre-line text-slate-600">{alert.message}</p>
        <div className="flex items-center gap-3 pt-1">
          {alert.fix && (
            <Link
              href={alert.fix.href}
              aria-label={`${alert.fix.label}: ${alert.title}`}
              className="text-sm font-medium text-accent-700 hover:underline"
            >
              {alert.fix.label}
            </Link>
          )}
          {!alert.read && onMarkRead && (
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Mark read: ${alert.title}`}
              disabled={marking}
              onClick={() => onMarkRead(alert.id)}
            >
              <Check aria-hidden className="size-4" />
              Mark read
            </Button>
          )}
        </div>
      </div>
    </li>
  );
}
