"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc/react";

/** After a change: the list and this connection are read again. */
export function useConnectionChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.connections.byId.queryKey() }),
    ]);
}
