"use client";
// Inputs for list props: a fixed set as checkboxes, free strings one per line, objects as one
// small form per entry. Each is a fieldset named by the prop, with its error under it.
import { Plus, X } from "lucide-react";
import { useId, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/field";
import type { FormField } from "~/lib/editor/schema-form";
import { valueAt, withValueAt } from "~/lib/editor/with-values";

interface ListFieldProps<T> {
  label: ReactNode;
  /** The prop's name, for the accessible names of each entry's controls. */
  name: string;
  value: readonly T[];
  onChange(value: T[] | undefined): void;
  error?: string;
  hint?: string;
}

function ListFieldset({
  label,
  error,
  hint,
  children,
}: Pick<ListFieldProps<unknown>, "label" | "error" | "hint"> & { children: ReactNode }) {
  const helpId = useId();
  return (
    <fieldset className="space-y-1.5" aria-describedby={error || hint ? helpId : undefined}>
      <legend className="mb-1 text-sm font-medium text-slate-700">{label}</legend>
      {children}
      {(error || hint) && (
        <p id={helpId} className={error ? "text-xs text-red-600" : "text-xs text-slate-500"}>
          {error ?? hint}
        </p>
      )}
    </fieldset>
  );
}

function AddButton({ name, onClick }: { name: string; onClick(): void }) {
  return (
    <Button size="sm" variant="secondary" aria-label={`Add to ${name}`} onClick={onClick}>
      <Plus aria-hidden className="size-4" /> Add
    </Button>
  );
}

function RemoveButton({ name, index, onClick }: { name: string; index: number; onClick(): void }) {
  return (
    <Button size="sm" variant="ghost" aria-label={`Remove ${name} ${index + 1}`} onClick={onClick}>
      <X aria-hidden className="size-4" />
    </Button>
  );
}

/** An empty list is left out of the definition, so the prop's default applies. */
const orUnset = <T,>(list: T[]) => (list.length ? list : undefined);

function listEdits<T>({ value, onChange }: Pick<ListFieldProps<T>, "value" | "onChange">) {
  return {
    set: (i: number, entry: T) => onChange(value.map((v, j) => (j === i ? entry : v))),
    remove: (i: number) => onChange(orUnset(value.filter((_, j) => j !== i))),
    add: (entry: T) => onChange([...value, entry]),
  };
}

export function ChoicesInput({ options, ...props }: ListFieldProps<string> & { options: readonly string[] }) {
  const toggle = (option: string, on: boolean) =>
    props.onChange(orUnset(options.filter((o) => (o === option ? on : props.value.includes(o)))));
  return (
    <ListFieldset {...props}>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((option) => (
          <label key={option} className="flex items-center gap-1.5 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={props.value.includes(option)}
              onChange={(e) => toggle(option, e.target.checked)}
              className="size-4 rounded border-slate-300"
            />
            {option}
          </label>
        ))}
      </div>
    </ListFieldset>
  );
}

export function ListInput({ placeholder, ...props }: ListFieldProps<string> & { placeholder?: string }) {
  const { name } = props;
  const edit = listEdits(props);
  return (
    <ListFieldset {...props}>
      {props.value.map((entry, i) => (
        <div key={i} className="flex items-center gap-1">
          <Input
            aria-label={`${name} ${i + 1}`}
            value={entry}
            placeholder={placeholder}
            onChange={(e) => edit.set(i, e.target.value)}
          />
          <RemoveButton name={name} index={i} onClick={() => edit.remove(i)} />
        </div>
      ))}
      <AddButton name={name} onClick={() => edit.add("")} />
    </ListFieldset>
  );
}

type Entry = Record<string, unknown>;

interface RowsInputProps extends ListFieldProps<Entry> {
  fields: (entry: Entry) => FormField[];
  /** One input of an entry's form (PropInput, passed in so the two do not import each other). */
  renderField(field: FormField, value: unknown, onChange: (value: unknown) => void): ReactNode;
}

export function RowsInput({ fields, renderField, ...props }: RowsInputProps) {
  const { name } = props;
  const edit = listEdits(props);
  return (
    <ListFieldset {...props}>
      {props.value.map((entry, i) => (
        <div
          key={i}
          role="group"
          aria-label={`${name} ${i + 1}`}
          className="space-y-2 rounded-md border border-slate-200 p-2"
        >
          <div className="flex items-center justify-between">
            <h5 className="text-xs font-semibold text-slate-500">#{i + 1}</h5>
            <RemoveButton name={name} index={i} onClick={() => edit.remove(i)} />
          </div>
          {fields(entry).map((field) => (
            <div key={field.path.join(".")}>
              {renderField(field, valueAt(entry, field.path), (v) => edit.set(i, withValueAt(entry, field.path, v)))}
            </div>
          ))}
        </div>
      ))}
      <AddButton name={name} onClick={() => edit.add({})} />
    </ListFieldset>
  );
}
