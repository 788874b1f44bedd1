import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  /** 1 for the first message the sink received, counting up: stays the same when older ones are dropped. */
  id: number;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface SmtpSink {
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Required logins; absent means no auth. */
  users?: Record<string, string>;
  /** Recipients refused with an SMTP reply, e.g. `{"gone@example.com": 550, "busy@example.com": 451}`. */
  refuse?: Record<string, number>;
  /** Keeps only the newest this many messages; unset keeps every one (a test reads them all). */
  keep?: number;
}

/** A local SMTP server that parses and keeps every message it receives (or the newest `keep`). */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let received = 0;
  const server = new SMTPServer({
    authOptional: !options.users,
    // Plain auth without TLS is fine on loopback, and is what a test needs.
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const ok = options.users && auth.username && options.users[auth.username] === auth.password;
      callback(
        ok ? null : Object.assign(new Error("Invalid username or password"), { responseCode: 535 }),
        ok ? { user: auth.username } : undefined,
      );
    },
    onRcptTo(address, _session, callback) {
      const code = options.refuse?.[address.address];
      callback(
        code
          ? Object.assign(new Error(code >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: code })
          : undefined,
      );
    },
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            id: ++received,
            receivedAt: new Date(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            messageId: mail.messageId ?? "",
            attachments: mail.attachments.map((a) => ({
              filename: a.filename ?? "",
              contentType: a.contentType,
              content: a.content,
            })),
          });
          if (options.keep !== undefined && messages.length > options.keep)
            messages.splice(0, messages.length - options.keep);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
