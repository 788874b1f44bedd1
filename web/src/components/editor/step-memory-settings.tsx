"use client";
// What a step remembers between runs: its result (`cache`), for steps that only read or compute,
// or, for a fan-out, the items it already processed (`incremental`).
import { DEFAULT_CACHE_TTL, type StepDefinition } from "@switchyard/workflows/definition";
import { CheckboxField } from "~/components/ui/checkbox-field";
import { Field, Input } from "~/components/ui/field";
import { actionOf } from "~/lib/editor/catalog";
import { fieldError } from "~/lib/editor/error-map";
import { useEditor } from "./editor-context";
import { ForgetMemory } from "./forget-memory";
import { TemplateInput } from "./template-input";

const isCore = (uses: string) => uses.startsWith("core.");

function CacheSettings({ step }: { step: StepDefinition }) {
  const { commands, validation } = useEditor();
  const errors = validation.byNode.get(step.id);
  const cache = step.cache === true ? { ttl: DEFAULT_CACHE_TTL } : step.cache;
  const set = (next: StepDefinition["cache"]) => commands.updateStep(step.id, { cache: next });
  return (
    <div className="space-y-2">
      <CheckboxField checked={cache !== undefined} onChange={(on) => set(on ? true : undefined)}>
        Remember results (the same input is answered from the last result, without calling again)
      </CheckboxField>
      {fieldError(errors, "cache") && <p className="text-xs text-red-600">{fieldError(errors, "cache")}</p>}
      {cache && (
        <div className="space-y-2 pl-6">
          <Field
            label="Remember for"
            error={fieldError(errors, "cache.ttl")}
            hint='e.g. "30m", "12h" or "7d" (at most 365d).'
          >
            {(c) => <Input {...c} value={String(cache.ttl)} onChange={(e) => set({ ...cache, ttl: e.target.value })} />}
          </Field>
          <TemplateInput
            stepId={step.id}
            label="Remember by"
            name="Cache key"
            value={cache.key ?? ""}
            onChange={(key) => set({ ttl: cache.ttl, ...(key ? { key } : {}) })}
            error={fieldError(errors, "cache.key")}
            hint="Optional: a template that stands for the input, e.g. {{ trigger.body.email }}. Without it, the whole input counts."
          />
          <ForgetMemory kind="cache" stepId={step.id} />
        </div>
      )}
    </div>
  );
}

function IncrementalSettings({ step }: { step: StepDefinition }) {
  const { commands, validation } = useEditor();
  const errors = validation.byNode.get(step.id);
  const incremental = step.incremental;
  const set = (next: StepDefinition["incremental"]) => commands.updateStep(step.id, { incremental: next });
  return (
    <div className="space-y-2">
      <CheckboxField
        checked={incremental !== undefined}
        onChange={(on) => set(on ? { key: "{{ item.id }}" } : undefined)}
      >
        Only process new or changed items (the rest reuse their last output)
      </CheckboxField>
      {fieldError(errors, "incremental") && <p className="text-xs text-red-600">{fieldError(errors, "incremental")}</p>}
      {incremental && (
        <div className="space-y-2 pl-6">
          <TemplateInput
            stepId={step.id}
            label="Item key"
            name="Incremental key"
            value={incremental.key}
            onChange={(key) => set({ ...incremental, key: key ?? "" })}
            error={fieldError(errors, "incremental.key")}
            hint="Names an item across runs, e.g. {{ item.id }}."
          />
          <TemplateInput
            stepId={step.id}
            label="Item version"
            name="Incremental version"
            value={incremental.version ?? ""}
            onChange={(version) => set({ key: incremental.key, ...(version ? { version } : {}) })}
            error={fieldError(errors, "incremental.version")}
            hint="Optional: changes whenever the item does, e.g. {{ item.updated_at }}. Without it, the item's inputs are compared."
          />
          <ForgetMemory kind="incremental" stepId={step.id} />
        </div>
      )}
    </div>
  );
}

/**
 * Offered where it can apply: a cache on steps that do not write (an HTTP request's effect depends
 * on its method, so it is offered and validation judges it), incremental on connector fan-outs.
 * A setting already present is always shown, so validation's refusal of it can be read and undone.
 */
export function StepMemorySettings({ step }: { step: StepDefinition }) {
  const { catalog } = useEditor();
  const effect = actionOf(catalog, step.uses)?.effect;
  const cacheable = !step.forEach && effect !== undefined && effect !== "write";
  const incremental = !!step.forEach && !isCore(step.uses);
  return (
    <>
      {(cacheable || step.cache !== undefined) && <CacheSettings step={step} />}
      {(incremental || step.incremental !== undefined) && <IncrementalSettings step={step} />}
    </>
  );
}
