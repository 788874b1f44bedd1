"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "~/lib/trpc/react";

/** Cancel and re-run (whole, or from a step): a re-run opens the new run's page. */
export function useRunActions(workspace: string, runId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runs.detail.queryKey({ id: runId }) });
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: refresh }));
  const rerun = useMutation(
    trpc.runs.rerun.mutationOptions({
      onSuccess: ({ runId: next }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
        router.push(`/w/${workspace}/runs/${next}`);
      },
    }),
  );
  return {
    cancel: () => cancel.mutate({ id: runId }),
    rerun: (fromStep?: string) => rerun.mutate({ id: runId, ...(fromStep ? { fromStep } : {}) }),
    pending: cancel.isPending || rerun.isPending,
    error: cancel.error ?? rerun.error,
    dismissError: () => {
      cancel.reset();
      rerun.reset();
    },
  };
}

export type RunActions = ReturnType<typeof useRunActions>;
