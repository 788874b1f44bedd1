"use client";
// The workflow's own actions, for the editor's toolbar slot: history, export, and test runs.
import { History } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { DialogFrame } from "./dialog-frame";
import { ExportMenu } from "./export-menu";
import { TestRunMenu } from "./test-run-menu";
import { VersionHistory } from "./version-history";

export interface WorkflowActionsProps {
  workspace: string;
  slug: string;
  /** Editors and up: restore versions and start test runs. */
  canEdit: boolean;
  /** The step selected in the editor, preselected for "run up to" and "run one step". */
  stepId?: string;
}

export function VersionHistoryDialog({ workspace, slug, canEdit }: Omit<WorkflowActionsProps, "stepId">) {
  const [open, setOpen] = useState(false);
  return (
    <DialogFrame
      open={open}
      onOpenChange={setOpen}
      wide
      title="Version history"
      description="Every saved version. Pick two to compare; restoring saves an old one as the newest."
      trigger={
        <Button size="sm" variant="ghost">
          <History aria-hidden className="size-4" />
          History
        </Button>
      }
    >
      {open && <VersionHistory workspace={workspace} slug={slug} canEdit={canEdit} />}
    </DialogFrame>
  );
}

export function WorkflowActions({ workspace, slug, canEdit, stepId }: WorkflowActionsProps) {
  return (
    <div className="flex items-center gap-1" role="group" aria-label="Workflow actions">
      <VersionHistoryDialog workspace={workspace} slug={slug} canEdit={canEdit} />
      <ExportMenu slug={slug} />
      {canEdit && <TestRunMenu workspace={workspace} slug={slug} stepId={stepId} />}
    </div>
  );
}
