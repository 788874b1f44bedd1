"use client";
import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import type { Role } from "@switchyard/db";
import { Button } from "~/components/ui/button";

export function UserMenu({ user, role }: { user: { email: string; name: string | null }; role: Role }) {
  return (
    <div className="space-y-2 border-t border-slate-200 pt-3">
      <div className="px-1 text-sm">
        <p className="truncate font-medium">{user.name ?? user.email}</p>
        {user.name && <p className="truncate text-xs text-slate-500">{user.email}</p>}
        <p className="text-xs text-slate-500">Role: {role}</p>
      </div>
      <Button
        variant="ghost"
        size="sm"
        className="w-full justify-start"
        onClick={() => void signOut({ callbackUrl: "/signin" })}
      >
        <LogOut aria-hidden className="size-4" /> Sign out
      </Button>
    </div>
  );
}
