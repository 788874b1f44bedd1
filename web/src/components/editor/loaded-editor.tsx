"use client";
// The editor once its data is here: the draft and everything derived from it, shared with
// the toolbar, parallelism bar, palette, canvas and panel through the editor context.
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { withCatalogSamples, type Catalog } from "~/lib/editor/catalog";
import { parallelismReport } from "~/lib/editor/parallelism-report";
import { useTRPC } from "~/lib/trpc/react";
import { EditorContext, type EditorConnection, type EditorContextValue } from "./editor-context";
import { EditorLayout } from "./editor-layout";
import { useDraft } from "./use-draft";
import { useEditorCommands } from "./use-editor-commands";
import { usePositions } from "./use-positions";
import { useSave, type Saving } from "./use-save";
import { useSelection } from "./use-selection";
import { useValidation } from "./use-validation";

export interface LoadedEditorProps {
  workspace: string;
  slug: string | null;
  canEdit: boolean;
  sampleRunId?: string;
  initial: WorkflowDefinition;
  version: number | null;
  catalog: Catalog;
  connections: readonly EditorConnection[];
}

/** Recent runs' timings and example data, for a workflow that has been saved. */
function useRunData(slug: string | null, sampleRunId: string | undefined) {
  const trpc = useTRPC();
  const durations = useQuery({ ...trpc.workflows.stepDurations.queryOptions({ slug: slug ?? "" }), enabled: !!slug });
  const samples = useQuery({
    ...trpc.editor.samples.queryOptions({ slug: slug ?? "", ...(sampleRunId ? { runId: sampleRunId } : {}) }),
    enabled: !!slug,
  });
  return {
    durations: durations.data ?? {},
    samples: samples.data ?? { steps: {} },
    samplesError: samples.error?.message,
  };
}

function useEditorValue(
  props: LoadedEditorProps,
  notify: (m: string) => void,
): EditorContextValue & { saving: Saving } {
  const draft = useDraft(props.initial);
  const selection = useSelection();
  const positions = usePositions(draft.definition);
  const commands = useEditorCommands(draft, selection, notify);
  const validation = useValidation(draft.definition);
  const saving = useSave(props.workspace, props.slug, draft, props.version);
  const run = useRunData(props.slug, props.sampleRunId);
  const report = useMemo(() => parallelismReport(draft.definition, run.durations), [draft.definition, run.durations]);
  const samples = useMemo(
    () => withCatalogSamples(draft.definition, props.catalog, run.samples),
    [draft.definition, props.catalog, run.samples],
  );
  return {
    workspace: props.workspace,
    slug: props.slug,
    canEdit: props.canEdit,
    catalog: props.catalog,
    connections: props.connections,
    draft,
    selection,
    positions,
    commands,
    validation,
    report,
    samples,
    hookUrl: saving.hookUrl,
    notify,
    saving,
  };
}

export function LoadedEditor(props: LoadedEditorProps) {
  // Numbered, so the same refusal twice is announced twice.
  const [notice, setNotice] = useState<{ text: string; n: number } | null>(null);
  const notify = useMemo(() => (text: string) => setNotice((p) => ({ text, n: (p?.n ?? 0) + 1 })), []);
  const { saving, ...value } = useEditorValue(props, notify);
  return (
    <EditorContext.Provider value={value}>
      <EditorLayout saving={saving} notice={notice} dismissNotice={() => setNotice(null)} />
    </EditorContext.Provider>
  );
}
