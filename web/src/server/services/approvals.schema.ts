// What the inbox endpoints take (REST and tRPC alike).
import { MAX_COMMENT_CHARS } from "@switchyard/workflows/engine";
import { z } from "zod";
import { pageQuery } from "./pagination";
import { slugSchema } from "./workflows";

export const listApprovalsQuery = pageQuery.extend({
  /** pending: still waiting; decided: approved, rejected, submitted, timed out or cancelled. Absent: both. */
  status: z.enum(["pending", "decided"], { error: "status must be pending or decided" }).optional(),
  workflow: slugSchema.optional(),
});
export type ListApprovalsQuery = z.infer<typeof listApprovalsQuery>;

/** A checkpoint has a handful of fields; a few hundred keys is already a mistake, not a decision. */
const MAX_FIELDS = 200;

const fieldValues = (what: string) =>
  z
    .record(z.string().min(1).max(500), z.unknown(), { error: `${what} must be an object of field keys to values` })
    .refine((o) => Object.keys(o).length <= MAX_FIELDS, `${what} may name at most ${MAX_FIELDS} fields`);

export const decisionBody = z
  .object({
    decision: z.enum(["approve", "reject", "submit"], { error: "decision must be approve, reject or submit" }),
    /** Approvals: new values of editable fields, by key (`tweet.with.text`). */
    edits: fieldValues("edits").optional(),
    /** Tasks: the form's values, by field name. */
    values: fieldValues("values").optional(),
    comment: z.string().max(MAX_COMMENT_CHARS, `comment must be at most ${MAX_COMMENT_CHARS} characters`).optional(),
  })
  .strict();
export type DecisionBody = z.infer<typeof decisionBody>;
