import { z } from "zod";

export const STEP_ID = /^[a-z][a-z0-9_-]{0,62}$/;
export const USES = /^[a-z][a-z0-9-]*\.[a-z][a-zA-Z0-9]*$/;
export const MAX_STEPS = 500;

export const stepSchema = z.object({
  id: z.string().regex(STEP_ID, "step id must be a slug: lowercase letters, digits, - or _, starting with a letter"),
  uses: z.string().regex(USES, "uses must look like <connector>.<operation>"),
  needs: z.array(z.string()).default([]),
  with: z.record(z.string(), z.unknown()).default({}),
});

export const triggerSchema = z.discriminatedUnion("type", [z.object({ type: z.literal("webhook") })]);

export const definitionSchema = z.object({
  name: z.string().min(1).max(200),
  trigger: triggerSchema,
  steps: z.array(stepSchema).min(1, "a workflow needs at least one step").max(MAX_STEPS, `a workflow has at most ${MAX_STEPS} steps`),
});

export type StepDefinition = z.infer<typeof stepSchema>;
export type WorkflowDefinition = z.infer<typeof definitionSchema>;
