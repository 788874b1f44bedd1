"use client";
import { ExternalLink, PencilRuler, RotateCcw, Square } from "lucide-react";
import Link from "next/link";
import { Button } from "~/components/ui/button";
import { isRunFinished } from "~/lib/runs/status";
import { PinSamplesButton } from "./pin-samples-button";
import type { RunDetail } from "./types";
import type { RunActions } from "./use-run-actions";

const LINK =
  "inline-flex h-9 items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-800 hover:bg-slate-50";

interface Props {
  run: RunDetail;
  workspace: string;
  canEdit: boolean;
  temporalUrl: string;
  actions: RunActions;
}

/** What can be done with the run: cancel or re-run it (editors), open it in the editor or in Temporal. */
export function RunActionBar({ run, workspace, canEdit, temporalUrl, actions }: Props) {
  const finished = isRunFinished(run.status);
  return (
    <>
      {canEdit && !finished && (
        <Button variant="danger" onClick={actions.cancel} disabled={actions.pending}>
          <Square aria-hidden className="size-4" />
          Cancel run
        </Button>
      )}
      {canEdit && (
        <Button
          onClick={() => actions.rerun()}
          disabled={!finished || actions.pending}
          title={finished ? undefined : "A run can be re-run once it has ended"}
        >
          <RotateCcw aria-hidden className="size-4" />
          Re-run
        </Button>
      )}
      {canEdit && finished && <PinSamplesButton runId={run.id} />}
      {canEdit && (
        <Link className={LINK} href={`/w/${workspace}/workflows/${run.workflow}/edit?sampleFromRun=${run.id}`}>
          <PencilRuler aria-hidden className="size-4" />
          Open in editor with this run&apos;s data
        </Link>
      )}
      <a className={LINK} href={temporalUrl} target="_blank" rel="noreferrer">
        <ExternalLink aria-hidden className="size-4" />
        Temporal
        <span className="sr-only"> (the execution in the Temporal Web UI, opens in a new tab)</span>
      </a>
    </>
  );
}
