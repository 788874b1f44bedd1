import { z } from "zod";
import { defineAction } from "../../sdk/define";

/** Checkpoint waits are long: besides the usual units they take days ("3d"). */
const longDuration = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'duration must look like "30s", "5m", "2h" or "3d"'),
]);

const FIELD_TYPES = ["text", "number", "boolean", "select"] as const;

const fieldShape = {
  label: z.string().min(1).max(200).optional(),
  description: z.string().max(1000).optional(),
  type: z.enum(FIELD_TYPES).default("text"),
  /** The choices of a `select` field. */
  options: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
};

const needsOptions = (f: { type: string; options?: string[] }) => (f.type === "select") === (f.options !== undefined);
const OPTIONS_RULE = { message: "a select field needs options, and only a select field takes them" };

/** A downstream step's input an approver may change: `<step>.with.<path>`, prefilled with its rendered value. */
const editableField = z
  .object({
    field: z
      .string()
      .regex(
        /^[a-z][a-z0-9_-]{0,62}\.with(\.[A-Za-z0-9_-]+)+$/,
        'an editable field names a later step\'s input, like "tweet.with.text"',
      ),
    ...fieldShape,
  })
  .strict()
  .refine(needsOptions, OPTIONS_RULE);

/** A task's typed field: what the person fills in becomes the step's output. */
const formField = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, "a form field's name is a plain identifier"),
    ...fieldShape,
    required: z.boolean().default(true),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .strict()
  .refine(needsOptions, OPTIONS_RULE);

/** Members by email, roles (that role or higher) or Slack user ids. */
const approverList = z
  .array(
    z.union([
      z.email(),
      z.enum(["owner", "admin", "editor", "approver"]),
      z.string().regex(/^[UW][A-Z0-9]{2,20}$/, "a Slack user id looks like U0123ABC"),
    ]),
  )
  .min(1)
  .max(100);

export const checkpointProps = z
  .object({
    kind: z.enum(["approval", "task"]).default("approval"),
    title: z.string().min(1).max(300),
    message: z.string().max(10_000).optional(),
    editable: z.array(editableField).max(50).default([]),
    form: z.array(formField).max(50).default([]),
    approvers: approverList.optional(),
    quorum: z.number().int().min(1).max(50).default(1),
    allowSelfApproval: z.boolean().default(false),
    channels: z
      .array(z.enum(["web", "email", "slack"]))
      .min(1)
      .default(["web"]),
    /** Where a Slack request is posted: a Slack connection of the workspace and a channel id. */
    slack: z
      .object({ connection: z.string().min(1), channel: z.string().min(1) })
      .strict()
      .optional(),
    timeout: longDuration.default("7d"),
    onTimeout: z.enum(["reject", "approve", "fail"]).default("reject"),
    remindEvery: longDuration.optional(),
    escalateAfter: longDuration.optional(),
    escalateTo: approverList.optional(),
    /**
     * `auto` decides without asking while `autoApproveIf` holds: a plain JSONata expression (no braces),
     * evaluated when the checkpoint opens, over `preview` (the next steps' inputs by step id) and the usual context.
     */
    mode: z.enum(["ask", "auto"]).default("ask"),
    autoApproveIf: z
      .string()
      .min(1)
      .max(2_000)
      .refine((e) => !e.includes("{{"), "autoApproveIf is a plain expression, without {{ }}")
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (p.kind === "task" && p.editable.length) issue("editable", "a task has a form, not editable fields");
    if (p.kind === "approval" && p.form.length) issue("form", "an approval has editable fields, not a form");
    if (p.kind === "task" && !p.form.length) issue("form", "a task needs at least one form field");
    if (p.channels.includes("slack") && !p.slack) issue("slack", "the slack channel needs { connection, channel }");
    if ((p.escalateAfter === undefined) !== (p.escalateTo === undefined))
      issue("escalateTo", "escalateAfter and escalateTo go together");
    if (p.autoApproveIf && p.mode !== "auto") issue("autoApproveIf", 'autoApproveIf needs mode: "auto"');
    const unfilled = p.form.filter((f) => f.required && f.default === undefined).map((f) => f.name);
    if (p.kind === "task" && p.onTimeout === "approve" && unfilled.length)
      issue(
        "onTimeout",
        `a task that times out to "approve" needs defaults for its required fields: ${unfilled.join(", ")}`,
      );
  });

export type CheckpointProps = z.infer<typeof checkpointProps>;

export const checkpoint = defineAction({
  name: "checkpoint",
  effect: "write",
  title: "Checkpoint",
  description:
    "Wait for people to review what happens next: approve (with edits), reject, or, for a task, submit a form. " +
    "Decisions come from the web inbox, email links or Slack buttons.",
  props: checkpointProps,
  output: z.unknown(),
  sampleOutput: { decision: "approved", decidedBy: [{ email: "ana@example.com" }] },
});
