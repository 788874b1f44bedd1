"use client";
// Where nodes sit on the canvas. Not part of the definition (nor of undo): laid out on load
// and by "Tidy", moved by dragging, and new steps placed under their parents.
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { useCallback, useMemo, useState } from "react";
import { definitionToGraph } from "~/lib/editor/graph-model";
import { layoutGraph, type Position } from "~/lib/editor/layout";
import { keepExisting, placeMissing } from "~/lib/editor/placement";

export interface Positions {
  positions: Record<string, Position>;
  move(id: string, to: Position): void;
  tidy(): void;
}

const laidOut = (d: WorkflowDefinition) => layoutGraph(definitionToGraph(d));

export function usePositions(definition: WorkflowDefinition): Positions {
  const [stored, setStored] = useState<Record<string, Position>>(() => laidOut(definition));
  const positions = useMemo(() => placeMissing(definition, keepExisting(definition, stored)), [definition, stored]);
  const move = useCallback(
    (id: string, to: Position) => setStored((p) => ({ ...positions, ...p, [id]: to })),
    [positions],
  );
  const tidy = useCallback(() => setStored(laidOut(definition)), [definition]);
  return { positions, move, tidy };
}
