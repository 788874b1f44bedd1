"use client";
// A text field that may hold templates: completion of paths as the person types inside `{{`,
// the data picker beside it, and JSONata syntax errors under it (the validator's own errors
// when it has none).
import { asTemplate } from "@switchyard/workflows/definition";
import { useId, useRef } from "react";
import { Field, Input, Textarea } from "~/components/ui/field";
import { checkTemplateField } from "~/lib/editor/jsonata-check";
import { CompletionList } from "./completion-list";
import { DataPicker } from "./data-picker";
import { useTemplateCompletion } from "./use-template-completion";

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
  const { stepId, value, onChange, multiline, expression = false } = props;
  const listId = useId();
  const set = (next: string) => onChange(next === "" ? undefined : next);
  const completion = useTemplateCompletion(stepId, value, set, expression);
  const { onCursor, ...controlProps } = completion.controlProps;
  const syntax = value ? checkTemplateField(expression ? asTemplate(value) : value).errors[0]?.message : undefined;
  const open = completion.options.length > 0;
  // Where the person last put the cursor, so a picked template goes there; never there, the end.
  const selection = useRef<[number, number] | null>(null);
  const insert = (template: string) => {
    const [from, to] = selection.current ?? [value.length, value.length];
    set(value.slice(0, from) + template + value.slice(to));
  };
  const follow = (el: HTMLInputElement | HTMLTextAreaElement) => {
    selection.current = [el.selectionStart ?? value.length, el.selectionEnd ?? value.length];
    onCursor(selection.current[0]);
  };
  const Control = multiline ? Textarea : Input;
  return (
    <Field label={props.label} error={syntax ?? props.error} hint={props.hint}>
      {(control) => (
        <div className="relative flex items-start gap-1">
          <Control
            {...control}
            {...controlProps}
            // A textarea keeps its own role (several lines); it still owns the list it completes from.
            role={multiline ? undefined : "combobox"}
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open ? `${listId}-${completion.active}` : undefined}
            onSelect={(e) => follow(e.currentTarget)}
            value={value}
            placeholder={props.placeholder}
            onChange={(e) => {
              set(e.target.value);
              follow(e.target);
            }}
          />
          <DataPicker stepId={stepId} label={props.name} onPick={insert} />
          {open && (
            <CompletionList
              id={listId}
              options={completion.options}
              active={completion.active}
              onTake={completion.take}
            />
          )}
        </div>
      )}
    </Field>
  );
}
