"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Repeat } from "lucide-react";
import Link from "next/link";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { shortId } from "~/lib/runs/format";
import { useTRPC } from "~/lib/trpc/react";
import type { EventDetail } from "./types";

/** Starts the workflow again on a copy of the event (editors), then points to the new run. */
export function ReplayButton({ event, workspace }: { event: EventDetail; workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const replay = useMutation(
    trpc.events.replay.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.events.list.queryKey() }),
    }),
  );
  const removed = event.bodyDeletedAt !== null;
  return (
    <>
      {replay.data && (
        <p role="status" className="text-sm text-emerald-700">
          Replayed:{" "}
          <Link href={`/w/${workspace}/runs/${replay.data.runId}`} className="font-medium underline">
            open run {shortId(replay.data.runId)}
          </Link>
        </p>
      )}
      <ConfirmDialog
        trigger={
          <>
            <Repeat aria-hidden className="size-4" />
            Replay
          </>
        }
        triggerProps={{
          variant: "secondary",
          size: "md",
          disabled: removed,
          title: removed ? "Its body was removed by retention" : undefined,
        }}
        title="Replay this event?"
        description={`This starts the current version of "${event.workflow}" on a copy of the event: a new event, linked to this one, and its run.`}
        confirmLabel="Replay"
        onConfirm={() => replay.mutateAsync({ id: event.id })}
      />
    </>
  );
}
