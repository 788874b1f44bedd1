"use client";
// Completion in a template field, as a combobox: the paths that continue what is typed at the
// cursor, chosen with the arrows and Enter (Tab once the arrows moved), or the mouse, dismissed
// with Escape.
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
  /** Tab takes an option only once the person has moved through the list; Enter always does. */
  const [browsed, setBrowsed] = useState(false);
  // Escape hides the list until the text or the cursor moves on.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const [pendingCursor, setPendingCursor] = useState<number | null>(null);
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

  // A taken completion moves the cursor to its end once the new text is in the control (also
  // when taking it left the text as it was).
  useLayoutEffect(() => {
    if (pendingCursor === null || !ref.current || ref.current.value !== value) return;
    ref.current.setSelectionRange(pendingCursor, pendingCursor);
    setCursor(pendingCursor);
    setPendingCursor(null);
  }, [pendingCursor, value]);

  const take = (option: Completion) => {
    if (!state || cursor === null) return;
    const next = applyCompletion(value, cursor, state, option);
    setPendingCursor(next.cursor);
    setActive(0);
    setBrowsed(false);
    if (next.value !== value) onChange(next.value);
  };

  const onKeyDown = completionKeys({
    options,
    shown,
    browsed,
    browse: (index) => {
      setBrowsed(true);
      setActive(index);
    },
    take,
    dismiss: () => setDismissedAt(where),
  });

  return {
    options,
    active: shown,
    take,
    controlProps: {
      ref: setRef,
      onKeyDown,
      onFocus: () => setFocused(true),
      onBlur: () => setFocused(false),
      onCursor: (position) => {
        if (position === cursor) return;
        setCursor(position);
        setActive(0);
        setBrowsed(false);
      },
    },
  };
}

interface KeyState {
  options: readonly Completion[];
  shown: number;
  browsed: boolean;
  browse(index: number): void;
  take(option: Completion): void;
  dismiss(): void;
}

/** The list's keys, while it is open. */
function completionKeys({ options, shown, browsed, browse, take, dismiss }: KeyState) {
  return (e: KeyboardEvent<TextControl>) => {
    // Shift+Tab, shortcuts and text being composed (an IME) keep their usual meaning.
    if (!options.length || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing) return;
    const move = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    if (move) {
      e.preventDefault();
      browse((shown + move + options.length) % options.length);
    } else if (e.key === "Enter" || (e.key === "Tab" && browsed)) {
      e.preventDefault();
      take(options[shown]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      dismiss();
    }
  };
}
