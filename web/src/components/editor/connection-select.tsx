"use client";
// Picks one of the workspace's connections of the step's connector, by name.
import { Field, Select } from "~/components/ui/field";
import { useEditor } from "./editor-context";

export function ConnectionSelect({
  connector,
  label = "Connection",
  value,
  onChange,
  error,
}: {
  connector: string;
  label?: React.ReactNode;
  value: string | undefined;
  onChange(name: string | undefined): void;
  error?: string;
}) {
  const { connections, workspace } = useEditor();
  const mine = connections.filter((c) => c.connector === connector);
  const missing = value !== undefined && !mine.some((c) => c.name === value);
  return (
    <Field
      label={label}
      error={error}
      hint={
        mine.length
          ? undefined
          : `No ${connector} connection yet: add one under Connections (/w/${workspace}/connections).`
      }
    >
      {(control) => (
        <Select {...control} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">Choose a connection…</option>
          {mine.map((c) => (
            <option key={c.id} value={c.name}>
              {c.name}
            </option>
          ))}
          {missing && <option value={value}>{value} (not in this workspace)</option>}
        </Select>
      )}
    </Field>
  );
}
