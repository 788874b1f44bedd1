import { z } from "zod";
import { durationSchema, lasting } from "./durations";
import { manualTriggerSchema } from "./manual-trigger";
import { scheduleTriggerSchema } from "./schedule";
import { STEP_ID, USES } from "./patterns";
import { webhookTriggerSchema } from "./webhook";
import { cacheSchema, incrementalSchema } from "./step-memory";

export { durationSchema, toMs } from "./durations";
export type { ScheduleTrigger } from "./schedule";
export type { ManualTrigger } from "./manual-trigger";
export * from "./webhook";
export { isCredentialName, STEP_ID, USES } from "./patterns";
export const MAX_STEPS = 500;

export const retrySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(100).default(3),
    initialInterval: durationSchema.default("1s"),
    backoffCoefficient: z.number().min(1).max(10).default(2),
    maximumInterval: durationSchema.default("1m"),
  })
  .strict();

export const stepSchema = z
  .object({
    id: z.string().regex(STEP_ID, "step id must be a slug: lowercase letters, digits, - or _, starting with a letter"),
    uses: z.string().regex(USES, "uses must look like <connector>.<operation>"),
    /** Ids this step depends on; none means it depends only on the trigger. */
    needs: z
      .array(z.string())
      .max(MAX_STEPS, `a step needs at most ${MAX_STEPS} steps (a workflow has no more)`)
      .default([]),
    /** `all`: every parent settled and none failed. `any`: at least one parent succeeded. */
    needsMode: z.enum(["all", "any"]).default("all"),
    with: z.record(z.string(), z.unknown()).default({}),
    connection: z.string().min(1).optional(),
    /** A template; when it renders falsy the step is skipped with reason `condition`. */
    if: z.string().min(1).optional(),
    retry: retrySchema.optional(),
    /** Start-to-close timeout of one attempt. */
    timeout: durationSchema.optional(),
    /** Hands the error to dependents instead of blocking them. */
    continueOnError: z.boolean().default(false),
    /** A template resolving to an array: the operation runs once per item (`item`, `index` in templates). */
    forEach: z
      .string()
      .regex(/\{\{[\s\S]+\}\}/, "forEach must be a template, e.g. {{ trigger.body.rows }}")
      .optional(),
    /** Most items of a forEach in flight at once. */
    concurrency: z.number().int().min(1).max(200).default(10),
    /** Remember the result of a `read` or `compute` step: the same input within the ttl is not sent again. */
    cache: cacheSchema.optional(),
    /** A forEach processes only the items that are new or changed since the last successful run of this step. */
    incremental: incrementalSchema.optional(),
  })
  .strict();

/** Polls are never more frequent than this: providers rate-limit, and a poll costs a run's worth of work. */
export const MIN_POLL_INTERVAL_MS = 30_000;

export const pollTriggerSchema = z
  .object({
    type: z.literal("poll"),
    /** A polling trigger of a connector, e.g. "rss.newItem". */
    uses: z.string().regex(USES, "uses must look like <connector>.<trigger>"),
    connection: z.string().min(1).optional(),
    with: z.record(z.string(), z.unknown()).default({}),
    every: durationSchema.default("5m").refine(
      lasting((ms) => ms >= MIN_POLL_INTERVAL_MS),
      `polls run at most every ${MIN_POLL_INTERVAL_MS / 1000}s`,
    ),
    /** Start runs for the items that exist when the trigger is first enabled, instead of only for new ones. */
    includeExisting: z.boolean().default(false),
  })
  .strict();

/** Starts on a provider's app-level event deliveries (Slack's Events API), routed by the connection's account. */
export const eventTriggerSchema = z
  .object({
    type: z.literal("event"),
    /** An event trigger of a connector, e.g. "slack.newMessage". */
    uses: z.string().regex(USES, "uses must look like <connector>.<trigger>"),
    /** Deliveries reach this workflow only when they concern this connection's account (e.g. its Slack team). */
    connection: z.string().min(1),
    with: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const triggerSchema = z.discriminatedUnion("type", [
  webhookTriggerSchema,
  manualTriggerSchema,
  pollTriggerSchema,
  eventTriggerSchema,
  scheduleTriggerSchema,
]);

export const definitionSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    trigger: triggerSchema,
    steps: z
      .array(stepSchema)
      .min(1, "a workflow needs at least one step")
      .max(MAX_STEPS, `a workflow has at most ${MAX_STEPS} steps`),
  })
  .strict();

export type StepDefinition = z.infer<typeof stepSchema>;
export type WorkflowDefinition = z.infer<typeof definitionSchema>;
export type Duration = z.infer<typeof durationSchema>;
export type PollTrigger = z.infer<typeof pollTriggerSchema>;
export type EventTrigger = z.infer<typeof eventTriggerSchema>;
/** A webhook trigger served by a connector (`uses` set). */
export type ProviderWebhookTrigger = z.infer<typeof webhookTriggerSchema> & { uses: string };
/** Triggers served by a connector's trigger definitions. */
export type AppTrigger = PollTrigger | EventTrigger | ProviderWebhookTrigger;

/** The connector trigger a definition's trigger uses, if any. */
export const appTriggerOf = (t: WorkflowDefinition["trigger"]): AppTrigger | undefined =>
  t.type === "poll" || t.type === "event" || (t.type === "webhook" && t.uses !== undefined)
    ? (t as AppTrigger)
    : undefined;
