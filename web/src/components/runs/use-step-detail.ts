"use client";
import { useQuery } from "@tanstack/react-query";
import { isStepSettled } from "~/lib/runs/status";
import { useTRPC } from "~/lib/trpc/react";

/** While the step may still change, its details are fetched again. */
const STEP_REFRESH_MS = 1_000;

/** One step's input, output and changes, fetched once for every part of the panel that shows them. */
export function useStepDetail(runId: string, stepId: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.runs.step.queryOptions(
      { runId, stepId },
      { refetchInterval: (q) => (q.state.data && isStepSettled(q.state.data.status) ? false : STEP_REFRESH_MS) },
    ),
  );
}
