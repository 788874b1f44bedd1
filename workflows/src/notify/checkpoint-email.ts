// The email channel of checkpoints: one mail per approver, each with links only that approver can use.
import type { Logger } from "@switchyard/connectors";
import type { Db, KeyRing } from "@switchyard/db";
import type { CheckpointChannel } from "../activities/notify-checkpoint";
import { approvalPageUrl, signApprovalLink } from "../approval-link";
import { checkpointMail } from "./checkpoint-mail";
import { checkpointRecipients } from "./checkpoint-recipients";
import { createMailTransport, type EmailConfig } from "./email";

export interface EmailCheckpointConfig extends EmailConfig {
  db: Db;
  /** Link tokens are signed with a key derived from it (see approval-link.ts). */
  keyRing: KeyRing;
  logger: Logger;
}

/** An SMTP refusal of the address itself (5xx): retrying cannot help. */
const refusedForGood = (err: unknown) => ((err as { responseCode?: number }).responseCode ?? 0) >= 500;

export function createEmailCheckpointChannel(config: EmailCheckpointConfig): CheckpointChannel {
  const transport = createMailTransport(config.smtpUrl);
  return {
    name: "email",
    async ask(approval, reason, deliveries) {
      for (const person of await checkpointRecipients(config.db, approval, reason)) {
        // Mailed before a later recipient failed: the retry goes on from where it stopped.
        if (deliveries.sent(person.email)) continue;
        const token = await signApprovalLink(config.keyRing, {
          approvalId: approval.id,
          email: person.email,
          expiresAt: approval.expiresAt,
        });
        const mail = checkpointMail(approval, reason, {
          page: approvalPageUrl(config.publicUrl, token),
          email: person.email,
        });
        const to = person.name ? { name: person.name, address: person.email } : person.email;
        try {
          await transport.sendMail({ from: config.from, to, ...mail });
        } catch (err) {
          // Anything else (the server away, a 4xx) throws, and the activity tries again.
          if (!refusedForGood(err)) throw err;
          config.logger.warn("checkpoint mail refused", {
            approvalId: approval.id,
            to: person.email,
            error: (err as Error).message,
          });
        }
        await deliveries.record(person.email);
      }
    },
  };
}
