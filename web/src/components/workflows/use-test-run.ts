"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "~/lib/trpc/react";

/** Starts a run of the latest version and opens its page. */
export function useTestRun(workspace: string) {
  const trpc = useTRPC();
  const router = useRouter();
  return useMutation(
    trpc.workflows.testRun.mutationOptions({
      onSuccess: ({ runId }) => router.push(`/w/${workspace}/runs/${runId}`),
    }),
  );
}
