"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc/react";

/** The catalog's cards by slug, for naming and drawing a connection's connector. */
export function useConnectorsBySlug() {
  const trpc = useTRPC();
  const catalog = useQuery({ ...trpc.connectors.list.queryOptions(), staleTime: Infinity });
  return new Map((catalog.data ?? []).map((c) => [c.slug, c]));
}
