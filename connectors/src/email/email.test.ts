import { startSink, startSmtpSink, type Sink, type SmtpSink } from "@switchyard/devstack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NonRetryableError } from "../sdk/errors";
import { createHttpClient } from "../sdk/http/client";
import { createMockContext } from "../sdk/testing";
import { sendEmail } from "./actions/send";
import { email } from "./index";

let smtp: SmtpSink;
let files: Sink;
beforeAll(async () => {
  smtp = await startSmtpSink({
    users: { mailer: "s3cret" },
    refuse: { "gone@example.com": 550, "busy@example.com": 451 },
  });
  files = await startSink();
});
afterAll(async () => {
  await smtp?.close();
  await files?.close();
});

const connect = (password = "s3cret") => ({
  smtpUrl: smtp.url.replace("smtp://", `smtp://mailer:${password}@`),
  from: "Switchyard <bot@example.com>",
});
const ctx = (props: unknown, password?: string) =>
  createMockContext(sendEmail, {
    connector: email,
    props,
    credentials: connect(password),
    baseUrl: "http://127.0.0.1:9/",
    idempotencyKey: "run1:mail:0",
  });

describe("email.sendEmail", () => {
  it("sends HTML + text with attachments from a URL (binary-safe) and from step output", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10]);
    files.on("/report.png", { raw: png, headers: { "content-type": "image/png" } });
    const out = await sendEmail.run!(
      ctx({
        to: ["ann@example.com", "bob@example.com"],
        subject: "Weekly report",
        text: "See attached.",
        html: "<p>See <b>attached</b>.</p>",
        attachments: [
          { filename: "report.png", url: `${files.url}/report.png` },
          {
            filename: "data.csv",
            contentBase64: Buffer.from("a,b\n1,2\n").toString("base64"),
            contentType: "text/csv",
          },
        ],
      }),
    );
    expect(out.accepted.sort()).toEqual(["ann@example.com", "bob@example.com"]);
    const mail = smtp.messages.at(-1)!;
    expect(mail).toMatchObject({
      subject: "Weekly report",
      text: "See attached.",
      html: "<p>See <b>attached</b>.</p>",
      messageId: "<run1.mail.0@switchyard>",
    });
    expect(mail.attachments.map((a) => a.filename)).toEqual(["report.png", "data.csv"]);
    expect(mail.attachments[0]!.content.equals(png)).toBe(true);
    expect(mail.attachments[1]!.content.toString()).toBe("a,b\n1,2\n");
  });

  it("a rejected login is a clear, non-retryable error", async () => {
    await expect(sendEmail.run!(ctx({ to: "ann@example.com", subject: "x", text: "y" }, "wrong"))).rejects.toThrow(
      /SMTP server rejected the login/,
    );
  });

  it("a refused recipient is non-retryable; a temporary refusal (451) stays retryable for the engine", async () => {
    const gone = (await sendEmail.run!(ctx({ to: "gone@example.com", subject: "x", text: "y" })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(gone).toBeInstanceOf(NonRetryableError);
    expect(gone.message).toMatch(/SMTP server refused the message.*550/);
    const busy = (await sendEmail.run!(ctx({ to: "busy@example.com", subject: "x", text: "y" })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(busy).not.toBeInstanceOf(NonRetryableError);
    expect(busy.message).toMatch(/451/);
  });

  it("an attachment URL that fails is a clear error, and no mail is sent", async () => {
    files.on("/missing.pdf", { status: 404, body: { error: "not found" } });
    const before = smtp.messages.length;
    await expect(
      sendEmail.run!(
        ctx({
          to: "ann@example.com",
          subject: "x",
          text: "y",
          attachments: [{ filename: "a.pdf", url: `${files.url}/missing.pdf` }],
        }),
      ),
    ).rejects.toThrow(/404/);
    expect(smtp.messages).toHaveLength(before);
  });

  it("the SSRF guard refuses an internal SMTP host", async () => {
    const guarded = createMockContext(sendEmail, {
      connector: email,
      props: { to: "ann@example.com", subject: "x", text: "y" },
      credentials: connect(),
      baseUrl: "http://127.0.0.1:9/",
      http: createHttpClient({ ssrf: { enabled: true, allowHosts: [] } }),
    });
    const before = smtp.messages.length;
    await expect(sendEmail.run!(guarded)).rejects.toThrow(/refused to connect to 127\.0\.0\.1/);
    expect(smtp.messages).toHaveLength(before);
  });

  it("refuses input without a body, and bad addresses, before connecting", () => {
    expect(() => ctx({ to: "ann@example.com", subject: "x" })).toThrow(/give text, html, or both/);
    expect(() => ctx({ to: "not-an-address", subject: "x", text: "y" })).toThrow();
  });
});
