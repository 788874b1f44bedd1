"use client";
// One input of a step's form, by the kind schema-form gave the prop.
import { Field, Input, Select } from "~/components/ui/field";
import { formFields, type FormField, type JsonSchema } from "~/lib/editor/schema-form";
import { ConnectionSelect } from "./connection-select";
import { ChoicesInput, ListInput, RowsInput } from "./list-inputs";
import { JsonInput } from "./json-input";
import { TemplateInput } from "./template-input";

interface PropInputProps {
  stepId: string;
  connector: string;
  field: FormField;
  value: unknown;
  onChange(value: unknown): void;
  error?: string;
}

/** The prop's title, and its key (what the definition says) when that differs. */
function PropLabel({ field }: { field: FormField }) {
  const key = field.path.join(".");
  return (
    <>
      {field.label}
      {field.required && <span className="text-red-600"> *</span>}
      {field.label.toLowerCase() !== key.toLowerCase() && <code className="ml-1.5 text-xs text-slate-400">{key}</code>}
    </>
  );
}

function ScalarInput({ field, value, onChange, error }: PropInputProps) {
  const label = <PropLabel field={field} />;
  if (field.kind === "boolean")
    return (
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          className="size-4 rounded border-slate-300"
        />
        {label}
        {error && <span className="text-xs text-red-600">{error}</span>}
      </label>
    );
  return (
    <Field label={label} error={error} hint={field.description}>
      {(control) =>
        field.kind === "select" ? (
          <Select
            {...control}
            value={typeof value === "string" ? value : ""}
            onChange={(e) => onChange(e.target.value || undefined)}
          >
            <option value="">{field.default !== undefined ? `Default (${String(field.default)})` : "Choose…"}</option>
            {field.options?.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        ) : (
          <Input
            {...control}
            type="number"
            value={typeof value === "number" ? value : ""}
            placeholder={field.default !== undefined ? String(field.default) : undefined}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
          />
        )
      }
    </Field>
  );
}

export function PropInput(props: PropInputProps) {
  const { field, value, onChange, error, stepId } = props;
  const label = <PropLabel field={field} />;
  switch (field.kind) {
    case "text":
    case "textarea":
    case "template":
      return (
        <TemplateInput
          stepId={stepId}
          label={label}
          name={field.label}
          value={typeof value === "string" ? value : ""}
          onChange={onChange}
          multiline={field.kind === "textarea"}
          expression={field.expression}
          error={error}
          hint={field.description}
          placeholder={field.default !== undefined ? String(field.default) : undefined}
        />
      );
    case "connection":
      return (
        <ConnectionSelect
          connector={props.connector}
          label={label}
          value={value as string | undefined}
          onChange={onChange}
          error={error}
        />
      );
    case "choices":
    case "list":
    case "rows":
      return <ListPropInput {...props} />;
    case "json":
      return <JsonInput label={label} value={value} onChange={onChange} error={error} hint={field.description} />;
    default:
      return <ScalarInput {...props} />;
  }
}

function ListPropInput(props: PropInputProps) {
  const { field, onChange, error, stepId, connector } = props;
  const list = { label: <PropLabel field={field} />, name: field.label, onChange, error, hint: field.description };
  // Unset shows the prop's default (a checkpoint's channels: web), as the run will take it.
  const value = Array.isArray(props.value) ? props.value : Array.isArray(field.default) ? field.default : [];
  if (field.kind === "choices")
    return <ChoicesInput {...list} value={value as string[]} options={field.options ?? []} />;
  if (field.kind === "list") return <ListInput {...list} value={value as string[]} />;
  return (
    <RowsInput
      {...list}
      value={value as Record<string, unknown>[]}
      fields={(entry) => formFields(field.item as JsonSchema, entry)}
      renderField={(f, v, set) => (
        <PropInput stepId={stepId} connector={connector} field={f} value={v} onChange={set} />
      )}
    />
  );
}
