"use client";
import { Field, Input, Select, Textarea } from "~/components/ui/field";
import type { InboxField } from "~/lib/approvals/field-values";

interface Props {
  field: InboxField;
  value: string | boolean;
  onChange: (value: string | boolean) => void;
  disabled: boolean;
}

/** One editable field or form field, typed by the field's type and labelled by its name. */
export function FieldInput({ field, value, onChange, disabled }: Props) {
  if (field.type === "boolean")
    return (
      <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <input
          type="checkbox"
          name={field.key}
          checked={value === true}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
        />
        {field.label}
      </label>
    );
  // What every kind of control takes alike.
  const shared = { name: field.key, value: String(value), disabled, required: field.required };
  // Chosen from the prefilled value, so the control does not change under the cursor while typing.
  const long = typeof field.value === "string" && (field.value.length > 80 || field.value.includes("\n"));
  return (
    <Field label={field.label} hint={field.description}>
      {(control) =>
        field.type === "select" ? (
          <Select {...control} {...shared} onChange={(e) => onChange(e.target.value)}>
            <option value="">Choose…</option>
            {(field.options ?? []).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        ) : field.type === "number" ? (
          <Input {...control} {...shared} type="number" step="any" onChange={(e) => onChange(e.target.value)} />
        ) : long ? (
          <Textarea {...control} {...shared} className="font-sans text-sm" onChange={(e) => onChange(e.target.value)} />
        ) : (
          <Input {...control} {...shared} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </Field>
  );
}
