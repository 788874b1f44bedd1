"use client";
// The editor's keyboard: undo/redo, copy/paste and delete, except while typing in a field.
import { useEffect } from "react";

export interface Shortcuts {
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  remove(): void;
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** Which shortcut a key press is, if any. */
function shortcutOf(e: KeyboardEvent): keyof Shortcuts | undefined {
  const mod = e.metaKey || e.ctrlKey;
  const key = e.key.toLowerCase();
  if (mod && key === "z") return e.shiftKey ? "redo" : "undo";
  if (mod && key === "y") return "redo";
  if (mod && key === "c") return "copy";
  if (mod && key === "v") return "paste";
  if (!mod && (e.key === "Delete" || e.key === "Backspace")) return "remove";
  return undefined;
}

export function useShortcuts(shortcuts: Shortcuts, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const which = shortcutOf(e);
      if (!which) return;
      // A selection of page text is the browser's to copy.
      if (which === "copy" && window.getSelection()?.toString()) return;
      e.preventDefault();
      shortcuts[which]();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcuts, enabled]);
}
