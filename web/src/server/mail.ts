// Mail the web app sends itself (invitations). Sign-in links go through next-auth's own
// provider; alerts and checkpoint requests through the worker.
import nodemailer from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface MailConfig {
  /** smtp:// or smtps:// URL; without it there is no mailer. */
  smtpUrl?: string;
  from: string;
}

/** A mailer over SMTP, or null when no mail server is configured. */
export function createMailer({ smtpUrl, from }: MailConfig): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send({ to, subject, text }) {
      await transport.sendMail({ from, to, subject, text });
    },
  };
}
