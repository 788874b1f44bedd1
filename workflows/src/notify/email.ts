import nodemailer from "nodemailer";

export interface AlertMessage {
  title: string;
  message: string;
  runId: string | null;
  workflow: string;
}

/** Delivers alerts to people; activities call it, so delivery is retried durably. */
export interface AlertNotifier {
  email(to: string[], alert: AlertMessage): Promise<void>;
}

export interface EmailConfig {
  /** e.g. smtp://user:pass@mail.example.com:587 */
  smtpUrl: string;
  from: string;
  /** Base URL of the web app, for links in messages. */
  publicUrl: string;
}

/** The SMTP transport every mail of the worker goes through (alerts, checkpoint requests). */
export const createMailTransport = (smtpUrl: string) => nodemailer.createTransport(smtpUrl);

export function createEmailNotifier({ smtpUrl, from, publicUrl }: EmailConfig): AlertNotifier {
  const transport = createMailTransport(smtpUrl);
  return {
    async email(to, alert) {
      const link = alert.runId ? `${publicUrl.replace(/\/$/, "")}/api/v1/runs/${alert.runId}` : undefined;
      await transport.sendMail({
        from,
        to,
        subject: `[Switchyard] ${alert.title}`,
        text: [
          `Workflow: ${alert.workflow}`,
          "",
          "Failed steps:",
          ...alert.message.split("\n").map((l) => `  ${l}`),
          ...(link ? ["", `Run: ${link}`] : []),
        ].join("\n"),
      });
    },
  };
}
