"use client";
// A JSON value typed as text: kept as typed while it does not parse, saved when it does.
import { useEffect, useState } from "react";
import { Field, Textarea } from "~/components/ui/field";

const show = (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 2));

export function JsonInput({
  label,
  value,
  onChange,
  error,
  hint,
}: {
  label: React.ReactNode;
  value: unknown;
  onChange(value: unknown): void;
  error?: string;
  hint?: string;
}) {
  const [text, setText] = useState(() => show(value));
  const [parseError, setParseError] = useState<string>();
  // Undo or another edit changed the value underneath: show it, unless it is what is typed.
  useEffect(() => {
    setText((typed) => {
      try {
        if (typed.trim() && JSON.stringify(JSON.parse(typed)) === JSON.stringify(value)) return typed;
      } catch {
        // What is typed does not parse: the new value replaces it.
      }
      return show(value);
    });
  }, [value]);
  const change = (next: string) => {
    setText(next);
    if (!next.trim()) {
      setParseError(undefined);
      onChange(undefined);
      return;
    }
    try {
      onChange(JSON.parse(next));
      setParseError(undefined);
    } catch (e) {
      setParseError(`not valid JSON yet: ${(e as Error).message}`);
    }
  };
  return (
    <Field label={label} error={parseError ?? error} hint={hint ?? "JSON"}>
      {(control) => <Textarea {...control} rows={4} value={text} onChange={(e) => change(e.target.value)} />}
    </Field>
  );
}
