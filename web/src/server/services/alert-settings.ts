// Where a workspace's alerts go: addresses to email, and a Slack channel posted through one of
// the workspace's own Slack connections (the worker delivers both).
import type { Db } from "@switchyard/db";
import type { z } from "zod";
import type { ApiCaller } from "../auth/api-token";
import { ApiError } from "../http/errors";
import type { alertSettingsInput } from "../trpc/routers/settings.schema";
import { recordAudit } from "./audit";

export interface AlertSettings {
  emails: string[];
  slack: { connectionId: string; channel: string } | null;
  /** The workspace's Slack connections, to choose from (names only: never a secret). */
  slackConnections: { id: string; name: string; status: string }[];
}

export async function getAlertSettings(db: Db, workspaceId: string): Promise<AlertSettings> {
  const [ws, slackConnections] = await Promise.all([
    db.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { alertEmails: true, alertSlackConnectionId: true, alertSlackChannel: true },
    }),
    db.connection.findMany({
      where: { workspaceId, connector: "slack" },
      orderBy: { name: "asc" },
      select: { id: true, name: true, status: true },
    }),
  ]);
  const slack =
    ws.alertSlackConnectionId && ws.alertSlackChannel
      ? { connectionId: ws.alertSlackConnectionId, channel: ws.alertSlackChannel }
      : null;
  return { emails: ws.alertEmails, slack, slackConnections };
}

/** Replaces both; the Slack connection must be one of this workspace's Slack connections. */
export async function updateAlertSettings(
  db: Db,
  caller: ApiCaller,
  input: z.infer<typeof alertSettingsInput>,
): Promise<AlertSettings> {
  const emails = [...new Set(input.emails.map((e) => e.toLowerCase()))];
  await db.$transaction(async (tx) => {
    if (input.slack) {
      const connection = await tx.connection.findFirst({
        where: { id: input.slack.connectionId, workspaceId: caller.workspaceId },
        select: { connector: true },
      });
      if (!connection)
        throw new ApiError(
          400,
          "invalid_input",
          `slack.connectionId: no connection ${input.slack.connectionId} in this workspace.`,
        );
      if (connection.connector !== "slack")
        throw new ApiError(
          400,
          "invalid_input",
          `slack.connectionId: that is a ${connection.connector} connection, not a Slack one.`,
        );
    }
    await tx.workspace.update({
      where: { id: caller.workspaceId },
      data: {
        alertEmails: emails,
        alertSlackConnectionId: input.slack?.connectionId ?? null,
        alertSlackChannel: input.slack?.channel ?? null,
      },
    });
    await recordAudit(tx, caller, {
      action: "workspace.alerts",
      targetType: "workspace",
      targetId: caller.workspaceId,
      details: { emails, slack: input.slack },
    });
  });
  return getAlertSettings(db, caller.workspaceId);
}
