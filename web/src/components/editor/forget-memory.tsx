"use client";
// Forgetting what a step remembers (its results, or the items it processed), asked twice: its next
// run computes everything again. Beside the step's memory settings.
import { Eraser } from "lucide-react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { useTRPCClient } from "~/lib/trpc/react";
import { useEditor } from "./editor-context";

type Client = ReturnType<typeof useTRPCClient>;
type StepOf = { slug: string; stepId: string };
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** Each way to forget: what its button says, what it asks, and what it tells once done. */
const FORGET = {
  cache: {
    label: "Clear cache",
    asks: "Clear the cache",
    explains:
      "Its remembered results are forgotten: its next runs call the operation again until they have remembered anew.",
    run: async (client: Client, step: StepOf) => {
      const { cleared } = await client.workflows.clearStepCache.mutate(step);
      return `Cleared ${plural(cleared, "remembered result")} of ${step.stepId}.`;
    },
  },
  incremental: {
    label: "Reset memory",
    asks: "Reset the memory",
    explains:
      "It forgets which items it processed: its next run processes every item again, and reports them all as added.",
    run: async (client: Client, step: StepOf) => {
      const { forgotten } = await client.workflows.resetIncrementalStep.mutate(step);
      return `${step.stepId} no longer remembers ${plural(forgotten, "item")}.`;
    },
  },
} as const;

/** Editors of a saved workflow may forget what the step remembers; nothing for anyone else. */
export function ForgetMemory({ kind, stepId }: { kind: keyof typeof FORGET; stepId: string }) {
  const client = useTRPCClient();
  const { slug, canEdit, notify } = useEditor();
  if (!canEdit || !slug) return null;
  const { label, asks, explains, run } = FORGET[kind];
  return (
    <ConfirmDialog
      trigger={
        <>
          <Eraser aria-hidden className="size-4" /> {label}
        </>
      }
      triggerProps={{ variant: "secondary", "aria-label": `${asks} of ${stepId}` }}
      title={`${asks} of ${stepId}?`}
      description={explains}
      confirmLabel={label}
      onConfirm={async () => notify(await run(client, { slug, stepId }))}
    />
  );
}
