import { Bell, Cable, Inbox, PlayCircle, ScrollText, Settings, Workflow, Zap, type LucideIcon } from "lucide-react";
import type { Role } from "@switchyard/db";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Hidden below this role: an approver sees the inbox, not the workflows. */
  minimum: Role;
}

export const NAV: NavItem[] = [
  { href: "workflows", label: "Workflows", icon: Workflow, minimum: "viewer" },
  { href: "runs", label: "Runs", icon: PlayCircle, minimum: "viewer" },
  { href: "events", label: "Events", icon: Zap, minimum: "viewer" },
  { href: "approvals", label: "Approvals", icon: Inbox, minimum: "approver" },
  { href: "connections", label: "Connections", icon: Cable, minimum: "viewer" },
  { href: "alerts", label: "Alerts", icon: Bell, minimum: "viewer" },
  { href: "audit", label: "Audit log", icon: ScrollText, minimum: "admin" },
  { href: "settings", label: "Settings", icon: Settings, minimum: "viewer" },
];
