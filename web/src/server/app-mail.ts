import { env } from "~/env";
import type { Services } from "./context";
import { createMailer, type Mailer } from "./mail";
import type { InvitationDeps } from "./services/invitations";

let mailer: Mailer | null | undefined;

/** What inviting needs from this process: its database, its mailer (from SMTP_URL) and its public URL. */
export function invitationDeps(s: Services): InvitationDeps {
  mailer ??= createMailer({ smtpUrl: env.SMTP_URL, from: env.SWITCHYARD_MAIL_FROM });
  return { db: s.db, mailer, production: s.production, publicUrl: s.oauth.publicUrl, logger: s.logger };
}
