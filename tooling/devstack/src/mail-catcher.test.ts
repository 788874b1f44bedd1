import { get } from "node:http";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailCatcher, type MailCatcher } from "./mail-catcher";
import { startSmtpSink } from "./smtp-sink";

let catcher: MailCatcher;

beforeAll(async () => {
  catcher = await startMailCatcher();
});
afterAll(() => catcher.close());

const send = (smtpUrl: string, mail: { subject: string; text?: string; html?: string }) =>
  createTransport(smtpUrl).sendMail({ from: "alerts@switchyard.test", to: "ann@acme.test", ...mail });

interface CaughtJson {
  id: number;
  subject: string;
  from: string;
  to: string[];
  receivedAt: string;
  text: string;
  html: string;
}

async function caught(): Promise<CaughtJson[]> {
  const res = await fetch(`${catcher.pageUrl}/messages.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as CaughtJson[];
}

const approvalLink = "http://127.0.0.1:3000/approve?run=r1&token=t1";
const hostile = `<script>alert("x")</script> & "quoted"`;

describe("mail catcher", () => {
  it("lists caught mail newest first, as JSON and on the page", async () => {
    await send(catcher.smtpUrl, { subject: "first", text: "one" });
    await send(catcher.smtpUrl, { subject: "second", text: "two" });
    const [newest, older] = await caught();
    expect(newest).toMatchObject({ subject: "second", from: "alerts@switchyard.test", to: ["ann@acme.test"] });
    expect(older).toMatchObject({ subject: "first", text: "one\n" });
    expect(newest!.id).toBeGreaterThan(older!.id);
    expect(Date.parse(newest!.receivedAt)).not.toBeNaN();

    const res = await fetch(catcher.pageUrl);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const html = await res.text();
    expect(html.indexOf(">second</a>")).toBeLessThan(html.indexOf(">first</a>"));
    expect(html).toContain(`href="/messages/${newest!.id}"`);
  });

  it("escapes everything, sandboxes the HTML part, and makes links clickable", async () => {
    await send(catcher.smtpUrl, {
      subject: hostile,
      text: `Approve: ${approvalLink}.`,
      html: `<p>${hostile}</p><a href="${approvalLink.replace("&", "&amp;")}">Approve</a>`,
    });
    const [mail] = await caught();
    expect(mail!.subject).toBe(hostile);

    const list = await (await fetch(catcher.pageUrl)).text();
    expect(list).not.toContain("<script>");
    expect(list).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot;");

    const page = await (await fetch(`${catcher.pageUrl}/messages/${mail!.id}`)).text();
    expect(page).not.toContain("<script>");
    const srcdoc = /<iframe sandbox="allow-popups allow-popups-to-escape-sandbox"[^>]* srcdoc="([^"]*)"/.exec(page);
    // Unescaped once by the browser, the attribute is the mail's own HTML, opening its links in a new tab.
    expect(unescapeAttribute(srcdoc![1]!)).toBe(`<base target="_blank">${mail!.html}`);
    expect(page).toContain(
      'Approve: <a href="http://127.0.0.1:3000/approve?run=r1&amp;token=t1" target="_blank" rel="noreferrer">',
    );
  });

  it("answers 404 for a message it does not hold, and only to its own host", async () => {
    expect((await fetch(`${catcher.pageUrl}/messages/999999`)).status).toBe(404);
    const status = await new Promise<number | undefined>((resolve, reject) =>
      get(`${catcher.pageUrl}/messages.json`, { headers: { host: "rebound.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on("error", reject),
    );
    expect(status).toBe(421);
  });
});

describe("smtp sink with keep", () => {
  it("drops the oldest messages beyond the limit", async () => {
    const sink = await startSmtpSink({ keep: 2 });
    try {
      for (const subject of ["a", "b", "c"]) await send(sink.url, { subject, text: subject });
      expect(sink.messages.map((m) => [m.id, m.subject])).toEqual([
        [2, "b"],
        [3, "c"],
      ]);
    } finally {
      await sink.close();
    }
  });
});

const unescapeAttribute = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) =>
    name === "#39" ? "'" : { amp: "&", lt: "<", gt: ">", quot: '"' }[name]!,
  );
