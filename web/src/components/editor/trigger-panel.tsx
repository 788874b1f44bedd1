"use client";
// The trigger: a plain webhook, a manual start or a schedule, chosen here; a connector's
// trigger (polling, app events, a provider's webhook) is edited as JSON.
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { Field, Select } from "~/components/ui/field";
import { useEditor } from "./editor-context";
import { JsonInput } from "./json-input";
import { newScheduleTrigger, ScheduleFields } from "./schedule-fields";
import { ScheduleInfo } from "./schedule-info";
import { WebhookFields } from "./webhook-fields";
import { WebhookInfo } from "./webhook-info";

type Trigger = WorkflowDefinition["trigger"];

const INPUT_SCHEMA_HINT =
  'Draft 2020-12. Each run\'s input is checked against it, and its defaults fill what is left out; e.g. {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}, "required": ["email"]}';

const plain = (t: Trigger) =>
  t.type === "manual" || t.type === "schedule" || (t.type === "webhook" && t.uses === undefined);

const startingAs = (type: string): Trigger | undefined =>
  type === "webhook" || type === "manual" ? { type } : type === "schedule" ? newScheduleTrigger() : undefined;

export function TriggerPanel() {
  const { draft, commands, canEdit, validation } = useEditor();
  const trigger = draft.definition.trigger;
  const errors = validation.byNode.get("trigger") ?? [];
  return (
    <fieldset disabled={!canEdit} className="min-w-0 space-y-4">
      <legend className="text-base font-semibold text-slate-900">Trigger</legend>
      <Field label="Starts on">
        {(control) => (
          <Select
            {...control}
            value={plain(trigger) ? trigger.type : "app"}
            onChange={(e) => {
              const next = startingAs(e.target.value);
              if (next) commands.update({ trigger: next });
            }}
          >
            <option value="webhook">Webhook (a request to its URL)</option>
            <option value="manual">Manual (API or the Run button)</option>
            <option value="schedule">Schedule (cron or interval)</option>
            {!plain(trigger) && <option value="app">A connector&apos;s trigger (JSON below)</option>}
          </Select>
        )}
      </Field>
      {trigger.type === "webhook" && trigger.uses === undefined && (
        <WebhookFields trigger={trigger} onChange={(next) => commands.update({ trigger: next })} />
      )}
      {trigger.type === "schedule" && (
        <ScheduleFields trigger={trigger} onChange={(next) => commands.update({ trigger: next })} />
      )}
      {trigger.type === "manual" && (
        <JsonInput
          label="Input schema (JSON Schema, optional)"
          hint={INPUT_SCHEMA_HINT}
          value={trigger.input}
          onChange={(v) =>
            commands.update({
              trigger: v === undefined ? { type: "manual" } : { type: "manual", input: v as Record<string, unknown> },
            })
          }
        />
      )}
      {!plain(trigger) && (
        <JsonInput
          label="Trigger (JSON)"
          value={trigger}
          onChange={(v) => v && commands.update({ trigger: v as Trigger })}
        />
      )}
      {errors.length > 0 && (
        <ul className="space-y-1 text-xs text-red-600">
          {errors.map((e, i) => (
            <li key={i}>{`${e.field || "trigger"}: ${e.message}`}</li>
          ))}
        </ul>
      )}
      {trigger.type === "webhook" && <WebhookInfo />}
      {trigger.type === "schedule" && <ScheduleInfo />}
    </fieldset>
  );
}
