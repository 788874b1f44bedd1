"use client";
// A text field that may hold templates: the data picker beside it, and JSONata syntax
// errors under it as the person types (the validator's own errors when it has none).
import { asTemplate } from "@switchyard/workflows/definition";
import { useRef } from "react";
import { Field, Input, Textarea } from "~/components/ui/field";
import { checkTemplateField } from "~/lib/editor/jsonata-check";
import { DataPicker } from "./data-picker";

interface TemplateInputProps {
  stepId: string;
  label: React.ReactNode;
  /** The accessible name of the picker button. */
  name: string;
  value: string;
  onChange(value: string | undefined): void;
  multiline?: boolean;
  /** An `if`: braces are optional. */
  expression?: boolean;
  error?: string;
  hint?: string;
  placeholder?: string;
}

export function TemplateInput(props: TemplateInputProps) {
  const { stepId, value, onChange, multiline, expression } = props;
  // Where the cursor was last, so a picked template goes there rather than at the end.
  const cursor = useRef<[number, number] | null>(null);
  const syntax = value ? checkTemplateField(expression ? asTemplate(value) : value).errors[0]?.message : undefined;
  const insert = (template: string) => {
    const [from, to] = cursor.current ?? [value.length, value.length];
    onChange(value.slice(0, from) + template + value.slice(to));
  };
  const Control = multiline ? Textarea : Input;
  return (
    <Field label={props.label} error={syntax ?? props.error} hint={props.hint}>
      {(control) => (
        <div className="relative flex items-start gap-1">
          <Control
            {...control}
            onSelect={(e) => {
              const el = e.currentTarget;
              cursor.current = [el.selectionStart ?? value.length, el.selectionEnd ?? value.length];
            }}
            value={value}
            placeholder={props.placeholder}
            onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
          />
          <DataPicker stepId={stepId} label={props.name} onPick={insert} />
        </div>
      )}
    </Field>
  );
}
