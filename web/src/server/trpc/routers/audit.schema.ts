// The audit log's filters, for tRPC and REST (GET /api/v1/audit) alike.
import { z } from "zod";
import { AUDIT_TARGET_TYPES } from "~/lib/audit/target-types";
import { pageQuery } from "../../services/pagination";

const instant = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-11-29T00:00:00Z` })
    .transform((at) => new Date(at));

export const auditQuery = pageQuery
  .extend({
    /** Exactly this action, e.g. "workflow.save". */
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]+)+$/, "action is a dotted verb such as workflow.save")
      .max(64)
      .optional(),
    /** Part of who acted (an email, or "API token …"), any case. */
    actor: z.string().trim().min(1, "actor must not be empty").max(200).optional(),
    targetType: z
      .enum(AUDIT_TARGET_TYPES, { error: `targetType must be one of ${AUDIT_TARGET_TYPES.join(", ")}` })
      .optional(),
    /** Entries at or after this instant. */
    from: instant("from").optional(),
    /** Entries before this instant. */
    to: instant("to").optional(),
  })
  // Not strict: tRPC's infinite queries add `direction` to the input.
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "from must be before to", path: ["from"] });
export type AuditQuery = z.infer<typeof auditQuery>;
