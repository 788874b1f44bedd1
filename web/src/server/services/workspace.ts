import { formatHostEntry, parseHostEntry } from "@switchyard/connectors";
import { z } from "zod";
import type { ApiCaller } from "../auth/api-token";
import type { Services } from "../context";
import { ApiError } from "../http/errors";
import { recordAudit } from "./audit";

// Stored as the SSRF guard compares them: lower case, IP literals canonical (2130706433 is 127.0.0.1), IPv6 bracketed only before a port.
const host = z.string().transform((h, ctx) => {
  const entry = parseHostEntry(h);
  if (entry) return formatHostEntry(entry);
  ctx.addIssue({
    code: "custom",
    message:
      "must be a host name like erp.internal or an IP address, optionally with a port (erp.internal:8443), without scheme or wildcard",
  });
  return z.NEVER;
});

export const workspaceSettingsInput = z
  .object({
    /** Who is emailed when a run fails or a trigger stops working. */
    alertEmails: z.array(z.email()).max(50).optional(),
    /** Internal hosts this workspace's steps and triggers may reach past the SSRF guard. */
    allowedInternalHosts: z.array(host).max(100).optional(),
  })
  .strict();

export interface WorkspaceSettings {
  id: string;
  slug: string;
  name: string;
  alertEmails: string[];
  allowedInternalHosts: string[];
}

const settingsSelect = { id: true, slug: true, name: true, alertEmails: true, allowedInternalHosts: true } as const;

export const getWorkspaceSettings = (s: Services, workspaceId: string): Promise<WorkspaceSettings> =>
  s.db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: settingsSelect });

/**
 * Replaces the lists given; each is stored deduplicated, in the order given.
 * An IP literal outside the networks the operator opens to workspaces is
 * refused now, rather than at every request (names are checked when they resolve).
 */
export async function updateWorkspaceSettings(
  s: Services,
  caller: ApiCaller,
  input: z.infer<typeof workspaceSettingsInput>,
): Promise<WorkspaceSettings> {
  const errors = (input.allowedInternalHosts ?? []).flatMap((entry, i) => {
    const message = s.http.workspaceEntryProblem(entry);
    return message ? [{ path: `allowedInternalHosts.${i}`, message }] : [];
  });
  if (errors.length)
    throw new ApiError(400, "invalid_input", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
  const data = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, [...new Set(v)]]));
  return s.db.$transaction(async (tx) => {
    const saved = await tx.workspace.update({ where: { id: caller.workspaceId }, data, select: settingsSelect });
    await recordAudit(tx, caller, {
      action: "workspace.settings",
      targetType: "workspace",
      targetId: caller.workspaceId,
      targetLabel: saved.slug,
      details: data,
    });
    return saved;
  });
}
