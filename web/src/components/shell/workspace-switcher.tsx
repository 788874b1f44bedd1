"use client";
import * as Dropdown from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import type { Role } from "@switchyard/db";

export interface ShellWorkspace {
  slug: string;
  name: string;
  role: Role;
}

const ITEM =
  "flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100";

/** Lists every workspace the person belongs to; choosing one opens it (membership is checked there). */
export function WorkspaceSwitcher({ current, workspaces }: { current: ShellWorkspace; workspaces: ShellWorkspace[] }) {
  return (
    <Dropdown.Root>
      <Dropdown.Trigger
        aria-label={`Workspace: ${current.name}. Switch workspace`}
        className="flex w-full items-center justify-between gap-2 rounded-md border border-slate-200 px-2.5 py-1.5 text-left text-sm hover:bg-slate-50"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium">{current.name}</span>
          <span className="block text-xs text-slate-500">{current.role}</span>
        </span>
        <ChevronsUpDown aria-hidden className="size-4 shrink-0 text-slate-400" />
      </Dropdown.Trigger>
      <Dropdown.Portal>
        <Dropdown.Content
          align="start"
          sideOffset={4}
          className="z-50 min-w-52 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          {workspaces.map((w) => (
            <Dropdown.Item key={w.slug} asChild className={ITEM}>
              <Link href={`/w/${w.slug}`}>
                <Check aria-hidden className={w.slug === current.slug ? "size-4" : "invisible size-4"} />
                <span className="truncate">{w.name}</span>
              </Link>
            </Dropdown.Item>
          ))}
          <Dropdown.Separator className="my-1 h-px bg-slate-200" />
          <Dropdown.Item asChild className={ITEM}>
            <Link href="/welcome">
              <Plus aria-hidden className="size-4" /> New workspace
            </Link>
          </Dropdown.Item>
        </Dropdown.Content>
      </Dropdown.Portal>
    </Dropdown.Root>
  );
}
