"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";

/** A list's filters as the URL holds them, and a change that replaces the URL (no history entry per choice). */
export function useUrlFilters<F>(
  read: (params: URLSearchParams) => F,
  write: (filters: F) => string,
): [filters: F, change: (next: F) => void] {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => read(new URLSearchParams(search.toString())), [read, search]);
  return [filters, (next) => router.replace(`${pathname}${write(next)}`, { scroll: false })];
}
