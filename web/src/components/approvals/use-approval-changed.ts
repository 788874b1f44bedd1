"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/lib/trpc/react";

/** After a decision: the lists and the approval are read again. */
export function useApprovalChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.approvals.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.approvals.byId.queryKey() }),
    ]);
}
