import { Ban, Bell, CircleX, FileWarning, RadioTower, Unplug, type LucideIcon } from "lucide-react";

/** How each kind the worker raises looks in the feed; an unknown kind still shows, as a bell. */
const KINDS: Record<string, { icon: LucideIcon; label: string; tone: string }> = {
  run_failed: { icon: CircleX, label: "Run failed", tone: "text-red-600" },
  run_failed_to_start: { icon: Ban, label: "Run could not start", tone: "text-red-600" },
  connection_needs_reauth: { icon: Unplug, label: "Connection needs reconnecting", tone: "text-amber-600" },
  trigger_failed: { icon: RadioTower, label: "Trigger stopped working", tone: "text-amber-600" },
  trigger_items_skipped: { icon: FileWarning, label: "Trigger skipped items", tone: "text-amber-600" },
};

export const alertKind = (kind: string) => KINDS[kind] ?? { icon: Bell, label: kind, tone: "text-slate-500" };
