"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { ErrorState, Spinner } from "~/components/ui/states";
import { formatBytes } from "~/lib/runs/format";
import { useTRPC } from "~/lib/trpc/react";
import type { StepPart } from "~/server/services/run-detail";
import type { Payload } from "./types";
import { JsonBlock } from "./json-block";

interface Props {
  runId: string;
  stepId: string;
  part: StepPart;
  payload: Payload;
}

/** A large input or output (claim-checked outputs among them) is fetched only when asked for. */
function LargePayload({ runId, stepId, part, bytes }: Omit<Props, "payload"> & { bytes: number }) {
  const trpc = useTRPC();
  const [wanted, setWanted] = useState(false);
  const whole = useQuery(trpc.runs.stepPayload.queryOptions({ runId, stepId, part }, { enabled: wanted }));
  if (!wanted)
    return (
      <div className="flex items-center justify-between gap-3 rounded-md border border-dashed border-slate-300 p-3 text-sm">
        <span className="text-slate-600">
          Large {part} ({formatBytes(bytes)}), not loaded yet.
        </span>
        <Button size="sm" onClick={() => setWanted(true)}>
          Load {part}
        </Button>
      </div>
    );
  if (whole.isPending) return <Spinner label={`Loading ${part}`} />;
  if (whole.isError) return <ErrorState error={whole.error} retry={() => void whole.refetch()} />;
  return <JsonBlock value={whole.data.value} label={`${stepId} ${part}`} />;
}

export function PayloadView({ runId, stepId, part, payload }: Props) {
  if ("bytes" in payload) return <LargePayload runId={runId} stepId={stepId} part={part} bytes={payload.bytes} />;
  return <JsonBlock value={payload.value} label={`${stepId} ${part}`} />;
}
