import { z } from "zod";
import { ROLES } from "~/lib/roles";

export { pageQuery } from "../../services/pagination";
export { createTokenInput } from "../../services/tokens";

const id = z.string().trim().min(1, "must not be empty").max(64, "must be at most 64 characters");
const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });

export const memberInput = z.object({ userId: id }).strict();
export const memberRoleInput = z.object({ userId: id, role }).strict();

export const inviteInput = z
  .object({
    email: z.email("must be an email address").max(254).trim(),
    role,
    /** How long the link works; a week unless said otherwise. */
    expiresInDays: z.number().int().min(1, "must be at least 1").max(30, "must be at most 30").optional(),
  })
  .strict();
export const invitationIdInput = z.object({ id }).strict();

export const tokenIdInput = z.object({ id }).strict();

/** A Slack channel's id (C…, G…), which survives renames; a #name would not. */
const slackChannel = z
  .string()
  .trim()
  .regex(/^[CGD][A-Z0-9_]{1,40}$/, "must be a Slack channel id like C0123456789 (not a #name)");

export const alertSettingsInput = z
  .object({
    emails: z.array(z.email("must be an email address").max(254)).max(50, "at most 50 addresses"),
    /** Null stops Slack alerts. */
    slack: z.object({ connectionId: id, channel: slackChannel }).strict().nullable(),
  })
  .strict();
