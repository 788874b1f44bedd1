import { isIP } from "node:net";
import { z } from "zod";
import type { Services } from "../context";

/** A DNS name (labels of letters, digits and dashes) or an IP literal; no wildcards, ports or schemes. */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
// Stored as the SSRF guard compares them: lower case, IPv6 without brackets.
const host = z
  .string()
  .trim()
  .toLowerCase()
  .transform((h) => h.replace(/^\[(.*)\]$/, "$1"))
  // URLs compress IPv6 literals ("fd00:0::7" → "fd00::7"), so the list must too.
  .transform((h) => (isIP(h) === 6 ? new URL(`http://[${h}]/`).hostname.slice(1, -1) : h))
  .refine((h) => HOST_NAME.test(h) || isIP(h) !== 0, { message: "must be a host name like erp.internal or an IP address, without scheme, port or wildcard" });

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

/** Replaces the lists given; each is stored deduplicated, in the order given. */
export function updateWorkspaceSettings(s: Services, workspaceId: string, input: z.infer<typeof workspaceSettingsInput>): Promise<WorkspaceSettings> {
  const data = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, [...new Set(v)]]));
  return s.db.workspace.update({ where: { id: workspaceId }, data, select: settingsSelect });
}
