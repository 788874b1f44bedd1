"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "~/components/ui/cn";
import { hasRole } from "~/lib/roles";
import { ApiProvider, useTRPC } from "~/lib/trpc/react";
import { NAV } from "./nav";
import { UserMenu } from "./user-menu";
import { WorkspaceSwitcher, type ShellWorkspace } from "./workspace-switcher";

interface AppShellProps {
  workspace: ShellWorkspace;
  workspaces: ShellWorkspace[];
  user: { email: string; name: string | null };
  children: ReactNode;
}

/** Unread alerts beside "Alerts", refreshed each minute; nothing for roles that cannot read them. */
function UnreadAlerts({ enabled }: { enabled: boolean }) {
  const trpc = useTRPC();
  const unread = useQuery({ ...trpc.alerts.unreadCount.queryOptions(), enabled, refetchInterval: 60_000 });
  if (!unread.data) return null;
  return (
    <span className="ml-auto rounded-full bg-red-100 px-1.5 text-xs font-semibold text-red-800">
      {unread.data > 99 ? "99+" : unread.data}
      <span className="sr-only"> unread</span>
    </span>
  );
}

function SideNav({ workspace }: { workspace: ShellWorkspace }) {
  const pathname = usePathname();
  const base = `/w/${workspace.slug}`;
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {NAV.filter((item) => hasRole(workspace.role, item.minimum)).map(({ href, label, icon: Icon }) => {
        const target = `${base}/${href}`;
        const active = pathname === target || pathname.startsWith(`${target}/`);
        return (
          <Link
            key={href}
            href={target}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium",
              active ? "bg-accent-50 text-accent-700" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            <Icon aria-hidden className="size-4" />
            {label}
            {href === "alerts" && <UnreadAlerts enabled={hasRole(workspace.role, "viewer")} />}
          </Link>
        );
      })}
    </nav>
  );
}

/** Every workspace page: the sidebar (switcher, navigation, the person) and the page itself. */
export function AppShell({ workspace, workspaces, user, children }: AppShellProps) {
  return (
    <ApiProvider workspace={workspace.slug}>
      <div className="flex min-h-screen">
        <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white p-3">
          <Link href="/" className="px-2.5 pt-1 text-base font-semibold tracking-tight">
            Switchyard
          </Link>
          <WorkspaceSwitcher current={workspace} workspaces={workspaces} />
          <SideNav workspace={workspace} />
          <div className="mt-auto">
            <UserMenu user={user} role={workspace.role} />
          </div>
        </aside>
        <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
      </div>
    </ApiProvider>
  );
}
