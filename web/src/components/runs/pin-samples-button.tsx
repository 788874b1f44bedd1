"use client";
import { useMutation } from "@tanstack/react-query";
import { Pin } from "lucide-react";
import { Button } from "~/components/ui/button";
import { useTRPC } from "~/lib/trpc/react";

/** Makes this run's trigger input and step outputs the workflow's samples (editor data picker, test runs). */
export function PinSamplesButton({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const pin = useMutation(trpc.workflows.pinRunAsSamples.mutationOptions());
  return (
    <Button
      onClick={() => pin.mutate({ runId })}
      disabled={pin.isPending || pin.isSuccess}
      title={pin.error?.message}
      aria-describedby={pin.error ? `pin-error-${runId}` : undefined}
    >
      <Pin aria-hidden className="size-4" />
      {pin.isSuccess ? "Pinned as sample data" : "Pin as sample data"}
      {pin.error && (
        <span id={`pin-error-${runId}`} role="alert" className="sr-only">
          {pin.error.message}
        </span>
      )}
    </Button>
  );
}
