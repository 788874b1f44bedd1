import { App, LogLevel, type BlockAction, type ButtonAction } from "@slack/bolt";
import {
  answerSlackCheckpoint,
  openSlackCheckpointModal,
  readSlackCheckpointModal,
  SLACK_ACTIONS,
  SLACK_MODALS,
  type EngineDeps,
  type SlackClick,
  type SlackDecided,
  type SlackModalSubmission,
} from "@switchyard/workflows/engine";
import { recordDecision } from "../services/approval-audit";
import { byAddress } from "../services/audit";
import { NextReceiver } from "./receiver";

type Click = BlockAction<ButtonAction>;

const clickOf = (body: { team: { id: string } | null; user: { id: string } }, approvalId: string): SlackClick => ({
  teamId: body.team?.id ?? "",
  userId: body.user.id,
  approvalId,
});

/** A counted Slack decision, in the audit log under the clicker's address. */
const audited =
  (deps: EngineDeps) =>
  ({ email, ...decided }: SlackDecided) =>
    recordDecision(deps.db, byAddress(email), { ...decided, channel: "slack" });

/**
 * The Bolt app of the checkpoints' Slack interactions: the buttons of a request message and the
 * modal behind "Approve with changes" or a task's form. Each listener acknowledges first and
 * works after; Slack is reached through the approval's workspace connection (the engine's), so
 * Bolt holds no token and its own client stays unused.
 */
export function createSlackApp(deps: EngineDeps): { app: App; receiver: NextReceiver } {
  const receiver = new NextReceiver();
  const app = new App({
    receiver,
    // The engine routes each click by its team and approval; nothing to authorize up front.
    authorize: async (source) => ({ teamId: source.teamId }),
    ignoreSelf: false,
    logLevel: LogLevel.ERROR,
  });

  for (const decision of ["approve", "reject"] as const)
    app.action<Click>(SLACK_ACTIONS[decision], async ({ ack, body, action }) => {
      await ack();
      await answerSlackCheckpoint(deps, { ...clickOf(body, action.value ?? ""), decision }, audited(deps));
    });

  for (const opens of [SLACK_ACTIONS.edit, SLACK_ACTIONS.form])
    app.action<Click>(opens, async ({ ack, body, action }) => {
      await ack();
      await openSlackCheckpointModal(deps, { ...clickOf(body, action.value ?? ""), triggerId: body.trigger_id });
    });

  for (const modal of Object.values(SLACK_MODALS))
    app.view(modal, async ({ ack, body, view }) => {
      const approvalId = view.private_metadata;
      const state = view.state.values as SlackModalSubmission["state"];
      const read = await readSlackCheckpointModal(deps, { approvalId, state });
      if (read && "errors" in read) return ack({ response_action: "errors", errors: read.errors });
      await ack();
      if (read) await answerSlackCheckpoint(deps, { ...clickOf(body, approvalId), ...read }, audited(deps));
    });
  return { app, receiver };
}
