import nodemailer from "nodemailer";
import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { NonRetryableError } from "../../sdk/errors";

const addresses = z.union([z.email(), z.array(z.email()).min(1)]);

const attachment = z.union([
  z.object({ filename: z.string().min(1), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ filename: z.string().min(1), contentBase64: z.string(), contentType: z.string().optional() }),
]);

const RECIPIENTS_SHOWN = 3;

/** Everyone who gets the mail, since that is what an approver checks first; a long list shows its size. */
function recipients(...lists: (string | string[] | undefined)[]): string {
  const all = lists.flat().filter((a) => a !== undefined);
  const shown = all.slice(0, RECIPIENTS_SHOWN).join(", ");
  return all.length > RECIPIENTS_SHOWN ? `${shown} and ${all.length - RECIPIENTS_SHOWN} more` : shown;
}

export const sendEmail = defineAction({
  name: "sendEmail",
  effect: "write",
  title: "Send email",
  description: "Send an email with text and/or HTML, and attachments from URLs or from earlier steps (base64).",
  props: z
    .object({
      to: addresses,
      cc: addresses.optional(),
      bcc: addresses.optional(),
      replyTo: z.email().optional(),
      subject: z.string().min(1).max(998),
      text: z.string().optional(),
      html: z.string().optional(),
      attachments: z.array(attachment).max(20).default([]),
    })
    .refine((p) => p.text !== undefined || p.html !== undefined, {
      message: "give text, html, or both",
      path: ["text"],
    }),
  output: z.object({ messageId: z.string(), accepted: z.array(z.string()), rejected: z.array(z.string()) }),
  sampleOutput: { messageId: "<abc@mail.example.com>", accepted: ["ann@example.com"], rejected: [] },
  describe: ({ to, cc, bcc, subject }) => `Email ${recipients(to, cc, bcc)}: ${quoted(subject)}`,
  async run({ props, connection, http, idempotencyKey }) {
    if (!connection) throw new NonRetryableError("email.sendEmail needs an SMTP connection");
    const { smtpUrl, from } = connection.credentials as { smtpUrl: string; from: string };
    // URL attachments go through the shared client: SSRF guard, timeouts, size cap.
    const files = await Promise.all(
      props.attachments.map(async (a) => {
        if ("url" in a) {
          // The client's response cap (10 MB) bounds each attachment.
          const res = await http.request<Buffer>({ url: a.url, retries: 1, as: "bytes" });
          return { filename: a.filename, content: res.body, contentType: res.headers["content-type"] };
        }
        return { filename: a.filename, content: Buffer.from(a.contentBase64, "base64"), contentType: a.contentType };
      }),
    );
    // The SMTP host is user-supplied: resolve it under the SSRF policy and connect to the checked address.
    const smtp = new URL(smtpUrl);
    const host = smtp.hostname.replace(/^\[|\]$/g, "");
    const secure = smtp.protocol === "smtps:";
    const port = Number(smtp.port) || (secure ? 465 : 587);
    const transport = nodemailer.createTransport({
      host: await http.resolveHost(host, port),
      port,
      secure,
      auth: smtp.username
        ? { user: decodeURIComponent(smtp.username), pass: decodeURIComponent(smtp.password) }
        : undefined,
      tls: { servername: host },
    });
    try {
      const info = await transport.sendMail({
        from,
        to: props.to,
        cc: props.cc,
        bcc: props.bcc,
        replyTo: props.replyTo,
        subject: props.subject,
        text: props.text,
        html: props.html,
        attachments: files,
        // Lets receiving systems drop duplicates if a retry re-sends after a lost reply.
        messageId: `<${idempotencyKey.replace(/[^\w.-]/g, ".")}@switchyard>`,
      });
      const list = (xs: unknown[] | undefined) =>
        (xs ?? []).map((x) => (typeof x === "string" ? x : String((x as { address?: string }).address)));
      return { messageId: info.messageId, accepted: list(info.accepted), rejected: list(info.rejected) };
    } catch (err) {
      const code = (err as { responseCode?: number; code?: string }).responseCode;
      if (code === 535 || (err as { code?: string }).code === "EAUTH")
        throw new NonRetryableError(`the SMTP server rejected the login: ${(err as Error).message}`);
      if (code && code >= 500)
        throw new NonRetryableError(`the SMTP server refused the message: ${(err as Error).message}`);
      throw err;
    } finally {
      transport.close();
    }
  },
});
