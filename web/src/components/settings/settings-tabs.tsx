"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Role } from "@switchyard/db";
import { cn } from "~/components/ui/cn";
import { hasRole } from "~/lib/roles";

const TABS: { href: string; label: string; minimum: Role }[] = [
  { href: "members", label: "Members", minimum: "viewer" },
  { href: "invitations", label: "Invitations", minimum: "admin" },
  { href: "tokens", label: "API tokens", minimum: "admin" },
  { href: "alerts", label: "Alerts", minimum: "viewer" },
];

/** The settings sections as links (each is its own page, so it can be linked to and reloaded). */
export function SettingsTabs({ slug, role }: { slug: string; role: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings sections" className="mb-6 flex gap-1 border-b border-slate-200">
      {TABS.filter((tab) => hasRole(role, tab.minimum)).map((tab) => {
        const href = `/w/${slug}/settings/${tab.href}`;
        const active = pathname === href;
        return (
          <Link
            key={tab.href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              active ? "border-accent-600 text-accent-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
