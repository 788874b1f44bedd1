import { z } from "zod";

export const workspaceSlug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "use 1–48 lower-case letters, digits and dashes, not at either end");

export const createWorkspaceInput = z
  .object({ name: z.string().trim().min(1, "name it").max(80), slug: workspaceSlug.optional() })
  .strict();

/** The secret from an invitation link (/invite/<token>). */
export const invitationTokenInput = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "is not an invitation link's token") })
  .strict();

export const leaveWorkspaceInput = z.object({ workspace: workspaceSlug }).strict();
