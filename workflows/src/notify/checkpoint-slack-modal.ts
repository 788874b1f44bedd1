// The modal behind "Approve with changes" (an approval's editable fields, prefilled) and "Open the
// form" (a task's form), and the values read back from its submission. Pure, like the message.
import type { CheckpointField } from "../interpreter/checkpoint-contract";
import type { ApprovalForChannels } from "../activities/notify-checkpoint";

type Block = Record<string, unknown>;

/** The modal's callback ids; its private_metadata is the approval id. */
export const SLACK_MODALS = { edit: "checkpoint.edit", form: "checkpoint.form" } as const;

const plain = (text: string, max: number) => ({
  type: "plain_text",
  text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
});
const option = (label: string, value: string) => ({ text: plain(label, 75), value });

/** Slack's input for a field's type, prefilled with its value. */
function inputElement(f: CheckpointField): Block {
  const base = { action_id: "value" };
  const v = f.value;
  switch (f.type) {
    case "number":
      return {
        ...base,
        type: "number_input",
        is_decimal_allowed: true,
        ...(v !== undefined ? { initial_value: String(v) } : {}),
      };
    case "boolean": {
      const options = [option("Yes", "true"), option("No", "false")];
      const initial = options.find((o) => o.value === String(v));
      return { ...base, type: "radio_buttons", options, ...(initial ? { initial_option: initial } : {}) };
    }
    case "select": {
      const options = f.options!.map((o) => option(o, o));
      const initial = options.find((o) => o.value === v);
      return { ...base, type: "static_select", options, ...(initial ? { initial_option: initial } : {}) };
    }
    default:
      return {
        ...base,
        type: "plain_text_input",
        multiline: true,
        ...(v !== undefined ? { initial_value: String(v) } : {}),
      };
  }
}

/** The fields a modal of this approval shows: a task's form, or an approval's editable fields. */
export const modalFields = (approval: Pick<ApprovalForChannels, "kind" | "editable" | "form">) =>
  (approval.kind === "task" ? approval.form : approval.editable) as unknown as CheckpointField[];

export function checkpointModal(approval: Pick<ApprovalForChannels, "id" | "kind" | "title" | "editable" | "form">) {
  const task = approval.kind === "task";
  return {
    type: "modal",
    callback_id: task ? SLACK_MODALS.form : SLACK_MODALS.edit,
    private_metadata: approval.id,
    title: plain(task ? "Task" : "Approve with changes", 24),
    submit: plain(task ? "Submit" : "Approve", 24),
    close: plain("Cancel", 24),
    blocks: [
      { type: "section", text: plain(approval.title, 3000) },
      ...modalFields(approval).map((f) => ({
        type: "input",
        block_id: f.key,
        label: plain(f.label, 2000),
        optional: !f.required,
        element: inputElement(f),
        ...(f.description ? { hint: plain(f.description, 2000) } : {}),
      })),
    ],
  };
}

interface InputState {
  value?: string | null;
  selected_option?: { value: string } | null;
}

/** A submitted input as its field's type; a number Slack let through unparsed stays text, for checkFields to name. */
function valueOf(f: CheckpointField, input: InputState | undefined): unknown {
  const raw = input?.selected_option?.value ?? input?.value;
  if (raw === undefined || raw === null) return undefined;
  if (f.type === "number") return raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (f.type === "boolean") return raw === "true";
  return raw;
}

/**
 * What a modal's submission says, by field key: every value given for a task's form; for an
 * approval only the fields changed, since an edit is what approving with changes records.
 */
export function submittedValues(
  fields: CheckpointField[],
  state: Record<string, Record<string, InputState>>,
  { changedOnly }: { changedOnly: boolean },
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    const value = valueOf(f, state[f.key]?.value);
    if (value !== undefined && !(changedOnly && value === f.value)) values[f.key] = value;
  }
  return values;
}
