import type { Registry } from "@switchyard/connectors";
import { checkpointErrors } from "./checkpoint-checks";
import { ancestors, findCycle } from "./graph";
import { inputSchemaProblems } from "./input-schema";
import { stepMemoryErrors, stepMemoryTemplates } from "./step-memory-checks";
import {
  appTriggerOf,
  definitionSchema,
  toMs,
  type AppTrigger,
  type StepDefinition,
  type WorkflowDefinition,
} from "./schema";
import { cronsOf, DEFAULT_MIN_SCHEDULE_INTERVAL_MS, shortestCronGapMs } from "./schedule";
import { asTemplate, findTemplates, referencedSteps, syntaxError } from "./template";

export interface ValidationError {
  /** JSON path into the definition, e.g. `$.steps[2].needs[0]`. */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true; definition: WorkflowDefinition } | { ok: false; errors: ValidationError[] };

function toJsonPath(path: readonly PropertyKey[]): string {
  return "$" + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

const startsWith = (path: readonly PropertyKey[], prefix: readonly PropertyKey[]) =>
  prefix.every((p, i) => path[i] === p);

/** Templates must parse and may read only steps upstream of their own (data flows along `needs`). */
function templateErrors(step: StepDefinition, i: number, upstream: Set<string>, known: Set<string>): ValidationError[] {
  const errors: ValidationError[] = [];
  const found = [
    ...findTemplates(step.with, ["with"]),
    ...(step.if ? findTemplates(asTemplate(step.if), ["if"]) : []),
    ...findTemplates(step.forEach, ["forEach"]),
    ...stepMemoryTemplates(step).flatMap(({ value, path }) => findTemplates(value, path)),
  ];
  for (const { path, expr } of found) {
    const at = toJsonPath(["steps", i, ...path]);
    const syntax = syntaxError(expr);
    if (syntax) {
      errors.push({ path: at, message: `invalid template "{{ ${expr} }}": ${syntax}` });
      continue;
    }
    for (const ref of referencedSteps(expr)) {
      if (!known.has(ref)) errors.push({ path: at, message: `template reads unknown step "${ref}"` });
      else if (!upstream.has(ref))
        errors.push({
          path: at,
          message: `template reads step "${ref}", which is not upstream of "${step.id}"; add it to needs (directly or through another step)`,
        });
    }
  }
  return errors;
}

const KIND_NAME = { poll: "a polling", event: "an event", webhook: "a webhook" } as const;

function appTriggerErrors(trigger: AppTrigger, registry: Registry): ValidationError[] {
  const found = registry.trigger(trigger.uses);
  if (!found) return [{ path: "$.trigger.uses", message: `unknown trigger "${trigger.uses}"` }];
  // Trigger definitions' kinds are named like the definition's trigger types.
  if (found.kind !== trigger.type)
    return [
      {
        path: "$.trigger.uses",
        message: `"${trigger.uses}" is ${KIND_NAME[found.kind]} trigger, not ${KIND_NAME[trigger.type]} one`,
      },
    ];
  if (trigger.type === "event" && !registry.connectorOf(trigger.uses)?.events)
    return [{ path: "$.trigger.uses", message: `"${trigger.uses}" has no events endpoint to receive deliveries` }];
  const errors: ValidationError[] = [];
  if (registry.needsConnection(trigger.uses) && !trigger.connection) {
    errors.push({
      path: "$.trigger.connection",
      message: `"${trigger.uses}" needs a connection: name one of the workspace's connected accounts`,
    });
  }
  // Nothing runs before a trigger, so its props are plain values, checked in full now.
  const props = found.props.safeParse(trigger.with ?? {});
  if (!props.success)
    for (const issue of props.error.issues)
      errors.push({ path: toJsonPath(["trigger", "with", ...issue.path]), message: issue.message });
  return errors;
}

/** A step id no step may take. */
export const RESERVED_STEP_ID = "trigger";

export interface ValidationOptions {
  /** The shortest interval a schedule may fire at (the operator's SWITCHYARD_MIN_SCHEDULE_INTERVAL). */
  minScheduleIntervalMs?: number;
}

function scheduleErrors(trigger: WorkflowDefinition["trigger"], minIntervalMs: number): ValidationError[] {
  if (trigger.type !== "schedule") return [];
  const crons = cronsOf(trigger);
  // Both are checked by the schema; only their frequency is this installation's to judge.
  const gapMs = crons.length ? shortestCronGapMs(crons, trigger.timezone) : toMs(trigger.every!);
  if (gapMs >= minIntervalMs) return [];
  return [
    {
      path: crons.length ? "$.trigger.cron" : "$.trigger.every",
      message: `schedules fire at most every ${minIntervalMs / 1000}s on this installation (SWITCHYARD_MIN_SCHEDULE_INTERVAL)`,
    },
  ];
}

const RESPOND = "core.respond";

/** What the step's operation says of it: that it exists, its connection, its own rules, its plain props. */
function operationErrors(
  step: StepDefinition,
  i: number,
  steps: StepDefinition[],
  registry: Registry,
): ValidationError[] {
  const errors: ValidationError[] = [];
  const action = registry.action(step.uses);
  if (!action) {
    errors.push({ path: `$.steps[${i}].uses`, message: `unknown operation "${step.uses}"` });
    return errors;
  }
  if (registry.needsConnection(step.uses) && !step.connection) {
    errors.push({
      path: `$.steps[${i}].connection`,
      message: `"${step.uses}" needs a connection: name one of the workspace's connected accounts`,
    });
  }
  for (const error of checkpointErrors(step, i, steps)) errors.push(error);
  for (const error of stepMemoryErrors(step, i, registry)) errors.push(error);
  if (step.uses === RESPOND && step.forEach)
    errors.push({
      path: `$.steps[${i}].forEach`,
      message: "a webhook is answered once: core.respond cannot have forEach",
    });
  // Templated values are only known at run time; check the rest now.
  const templated = findTemplates(step.with).map((t) => t.path);
  const props = action.props.safeParse(step.with);
  if (!props.success) {
    for (const issue of props.error.issues) {
      if (templated.some((t) => startsWith(issue.path, t) || startsWith(t, issue.path))) continue;
      errors.push({ path: toJsonPath(["steps", i, "with", ...issue.path]), message: issue.message });
    }
  }
  return errors;
}

/** Returns every problem at once, each with its JSON path, so users fix them in one pass. */
export function validateDefinition(
  input: unknown,
  registry: Registry,
  { minScheduleIntervalMs = DEFAULT_MIN_SCHEDULE_INTERVAL_MS }: ValidationOptions = {},
): ValidationResult {
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: toJsonPath(i.path), message: i.message })) };
  }
  const definition = parsed.data;
  const errors: ValidationError[] = [];
  const firstIndex = new Map<string, number>();

  definition.steps.forEach((step, i) => {
    const prior = firstIndex.get(step.id);
    // The editor draws the trigger as a node of that name, and the data picker offers `trigger.…`.
    if (step.id === RESERVED_STEP_ID)
      errors.push({
        path: `$.steps[${i}].id`,
        message: `"${RESERVED_STEP_ID}" is reserved for the trigger; name the step otherwise`,
      });
    if (prior === undefined) firstIndex.set(step.id, i);
    else
      errors.push({
        path: `$.steps[${i}].id`,
        message: `duplicate step id "${step.id}" (first used by $.steps[${prior}])`,
      });
  });

  definition.steps.forEach((step, i) => {
    step.needs.forEach((need, j) => {
      if (!firstIndex.has(need)) errors.push({ path: `$.steps[${i}].needs[${j}]`, message: `unknown step "${need}"` });
      else if (need === step.id)
        errors.push({ path: `$.steps[${i}].needs[${j}]`, message: `step "${step.id}" cannot need itself` });
    });
    for (const error of operationErrors(step, i, definition.steps, registry)) errors.push(error);
  });

  errors.push(...scheduleErrors(definition.trigger, minScheduleIntervalMs));
  if (definition.trigger.type === "manual" && definition.trigger.input)
    for (const { path, message } of inputSchemaProblems(definition.trigger.input))
      errors.push({ path: toJsonPath(["trigger", "input", ...path]), message });
  const appTrigger = appTriggerOf(definition.trigger);
  if (appTrigger) errors.push(...appTriggerErrors(appTrigger, registry));

  const cycle = findCycle(definition.steps.filter((s) => !s.needs.includes(s.id)));
  if (cycle) {
    const at = firstIndex.get(cycle[0]!) ?? 0;
    errors.push({ path: `$.steps[${at}].needs`, message: `dependency cycle: ${[...cycle, cycle[0]].join(" → ")}` });
  } else {
    const known = new Set(firstIndex.keys());
    // Not push(...): a step may hold more templates than a call takes arguments.
    definition.steps.forEach((step, i) => {
      for (const error of templateErrors(step, i, ancestors(definition.steps, step.id), known)) errors.push(error);
    });
  }

  return errors.length ? { ok: false, errors } : { ok: true, definition };
}
