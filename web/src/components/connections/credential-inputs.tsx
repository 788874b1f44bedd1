"use client";
import { Field, Input } from "~/components/ui/field";
import type { CredentialField } from "~/lib/connections/credential-fields";

interface Props {
  fields: CredentialField[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}

/** The connector's credential fields, labelled from its schema; secrets are password inputs the browser does not remember. */
export function CredentialInputs({ fields, values, onChange }: Props) {
  return (
    <>
      {fields.map((f) => (
        <Field key={f.key} label={f.label} hint={f.hint ?? (f.required ? undefined : "Optional")}>
          {(control) => (
            <Input
              {...control}
              name={f.key}
              type={f.inputType}
              required={f.required}
              autoComplete={f.secret ? "new-password" : "off"}
              spellCheck={false}
              value={values[f.key] ?? ""}
              onChange={(e) => onChange({ ...values, [f.key]: e.target.value })}
            />
          )}
        </Field>
      ))}
    </>
  );
}
