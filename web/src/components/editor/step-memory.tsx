"use client";
// What the selected step remembers between runs (its result, or the items it processed), and for
// editors of a saved workflow a way to forget it: its next run then computes everything again.
import { cacheOptions, type StepDefinition } from "@switchyard/workflows/definition";
import { Eraser } from "lucide-react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { formatDuration } from "~/lib/runs/format";
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

function Forget({ kind, ...step }: StepOf & { kind: keyof typeof FORGET }) {
  const client = useTRPCClient();
  const { notify } = useEditor();
  const { label, asks, explains, run } = FORGET[kind];
  return (
    <ConfirmDialog
      trigger={
        <>
          <Eraser aria-hidden className="size-4" /> {label}
        </>
      }
      triggerProps={{ variant: "secondary", "aria-label": `${asks} of ${step.stepId}` }}
      title={`${asks} of ${step.stepId}?`}
      description={explains}
      confirmLabel={label}
      onConfirm={async () => notify(await run(client, step))}
    />
  );
}

const Template = ({ text }: { text: string }) => <code className="text-xs whitespace-nowrap">{text}</code>;

/** For a step with `cache` or `incremental`. */
export function StepMemory({ step }: { step: StepDefinition }) {
  const { slug, canEdit } = useEditor();
  const forgettable = canEdit && slug !== null;
  return (
    <div className="space-y-3 text-sm text-slate-700">
      {step.cache && (
        <div className="space-y-2">
          <p>
            Remembers its result for {formatDuration(cacheOptions(step.cache).ttlMs)}: a run with the same input takes
            it instead of calling the operation.
          </p>
          {forgettable && <Forget kind="cache" slug={slug} stepId={step.id} />}
        </div>
      )}
      {step.incremental && (
        <div className="space-y-2">
          <p>
            Remembers the items it processed, by <Template text={step.incremental.key} />
            {step.incremental.version && (
              <>
                {" "}
                at <Template text={step.incremental.version} />
              </>
            )}
            : a run processes only items that are new or changed.
          </p>
          {forgettable && <Forget kind="incremental" slug={slug} stepId={step.id} />}
        </div>
      )}
    </div>
  );
}
