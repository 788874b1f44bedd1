// An alert as a Slack message, posted to the channel the workspace chose through one of its own
// Slack connections (Workspace.alertSlackConnectionId / alertSlackChannel).
import { NonRetryableError, slackCall } from "@switchyard/connectors";
import { httpForConnection, type ConnectionDeps } from "../connections/http";
import { escapeMrkdwn } from "./checkpoint-slack-blocks";

export interface SlackAlert {
  title: string;
  message: string;
  /** A link to the run in the web app, if any. */
  runUrl: string | null;
}

export interface SlackAlertTarget {
  workspaceId: string;
  connectionId: string;
  channel: string;
}

export const slackAlertText = ({ title, message, runUrl }: SlackAlert) =>
  [
    `:rotating_light: *${escapeMrkdwn(title)}*`,
    ...message.split("\n").map((line) => `• ${escapeMrkdwn(line)}`),
    ...(runUrl ? [`<${runUrl}|Open the run>`] : []),
  ].join("\n");

/** Posts the alert; returns where it went, for the alert's record. */
export async function postSlackAlert(
  deps: ConnectionDeps,
  target: SlackAlertTarget,
  alert: SlackAlert,
): Promise<{ channel: string; ts: string }> {
  const connection = await deps.db.connection.findFirst({
    where: { id: target.connectionId, workspaceId: target.workspaceId, connector: "slack" },
    select: { name: true },
  });
  if (!connection)
    throw new NonRetryableError(
      `the alert Slack connection ${target.connectionId} is gone; choose another in Settings`,
    );
  const { http } = await httpForConnection(deps, target.workspaceId, "slack", connection.name);
  const posted = await slackCall<{ channel: string; ts: string }>(
    http,
    "chat.postMessage",
    { channel: target.channel, text: slackAlertText(alert), unfurl_links: false },
    { write: true },
  );
  return { channel: posted.channel, ts: posted.ts };
}
