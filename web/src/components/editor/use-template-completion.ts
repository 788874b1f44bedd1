"use client";
// Completion in a template field, as a combobox: the paths that continue what is typed at the
// cursor, chosen with the arrows and Enter or Tab (or the mouse), dismissed with Escape.
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { pickableFields } from "~/lib/editor/data-picker";
import type { Completion } from "~/lib/editor/jsonata-check";
import { applyCompletion, completionAt } from "~/lib/editor/template-completion";
import { useEditor } from "./editor-context";

type TextControl = HTMLInputElement | HTMLTextAreaElement;

export interface TemplateCompletion {
  options: Completion[];
  active: number;
  take(option: Completion): void;
  /** The text control, once mounted. */
  control(): TextControl | null;
  controlProps: {
    ref(element: TextControl | null): void;
    onKeyDown(e: KeyboardEvent<TextControl>): void;
    onFocus(): void;
    onBlur(): void;
    /** The cursor moved (typing, clicking, arrows). */
    onCursor(position: number): void;
  };
}

export function useTemplateCompletion(
  stepId: string,
  value: string,
  onChange: (value: string) => void,
  expression: boolean,
): TemplateCompletion {
  const { draft, samples } = useEditor();
  const ref = useRef<TextControl | null>(null);
  const [focused, setFocused] = useState(false);
  const [cursor, setCursor] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  // Escape hides the list until the text or the cursor moves on.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const pendingCursor = useRef<number | null>(null);
  const setRef = useCallback((element: TextControl | null) => {
    ref.current = element;
  }, []);

  const pickable = useMemo(
    () => (focused ? pickableFields(draft.definition, stepId, samples) : []),
    [focused, draft.definition, stepId, samples],
  );
  const where = `${cursor}:${value}`;
  const state =
    focused && cursor !== null && dismissedAt !== where
      ? completionAt(value, cursor, pickable, { expression })
      : undefined;
  const options = state?.options ?? [];
  const shown = Math.min(active, Math.max(options.length - 1, 0));

  // A taken completion moves the cursor to its end once the new text is in the control.
  useLayoutEffect(() => {
    if (pendingCursor.current === null || !ref.current) return;
    ref.current.setSelectionRange(pendingCursor.current, pendingCursor.current);
    setCursor(pendingCursor.current);
    pendingCursor.current = null;
  }, [value]);

  const take = (option: Completion) => {
    if (!state || cursor === null) return;
    const next = applyCompletion(value, cursor, state, option);
    pendingCursor.current = next.cursor;
    setActive(0);
    onChange(next.value);
  };

  const onKeyDown = (e: KeyboardEvent<TextControl>) => {
    if (!options.length) return;
    const move = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    if (move) {
      e.preventDefault();
      setActive((shown + move + options.length) % options.length);
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      take(options[shown]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setDismissedAt(where);
    }
  };

  return {
    options,
    active: shown,
    take,
    control: () => ref.current,
    controlProps: {
      ref: setRef,
      onKeyDown,
      onFocus: () => setFocused(true),
      onBlur: () => setFocused(false),
      onCursor: (position) => {
        setCursor(position);
        setActive(0);
      },
    },
  };
}
