// `npm run dev`'s mail catcher, used when SMTP_URL is unset: the worker and web send to a
// local SMTP sink, and a page on loopback lists what they sent, so a developer reads alert
// and approval mails (and follows their links) without any mail leaving the machine.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startSmtpSink, type ReceivedMail } from "./smtp-sink";

export interface MailCatcher {
  smtpUrl: string;
  /** The page listing caught mail, newest first; `/messages.json` answers the same as JSON. */
  pageUrl: string;
  close(): Promise<void>;
}

/** Older mail is dropped, so a dev session that runs for days holds a bounded amount. */
const CAUGHT_MAIL_KEPT = 200;

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  // The srcdoc frame inherits this policy, and mail is styled inline; with no script and no
  // remote loads (tracking pixels stay blocked), inline CSS can neither run nor send anything.
  "style-src 'unsafe-inline'",
  // mailparser turns inline (cid:) images into data: URLs.
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
dt { font-weight: 600; } dd { margin: 0 0 0.4rem; }
iframe { width: 100%; height: 60vh; border: 1px solid #ccc; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.75rem; }
`;

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const subjectOf = (mail: ReceivedMail) => mail.subject || "(no subject)";

const timeOf = (mail: ReceivedMail) =>
  `<time datetime="${mail.receivedAt.toISOString()}">${escapeHtml(mail.receivedAt.toLocaleString())}</time>`;

const link = (url: string) => `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer">${escapeHtml(url)}</a>`;

/** http(s) URLs in a text part, without the punctuation that usually ends the sentence around them. */
const URL_IN_TEXT = /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)])/;

/** The text part, escaped, with its URLs made links: an approval link in a text-only mail is clickable too. */
const linkified = (text: string) =>
  text
    .split(URL_IN_TEXT)
    .map((part, i) => (i % 2 === 1 ? link(part) : escapeHtml(part)))
    .join("");

/**
 * The HTML part in a sandbox (no scripts, no same origin). Its links open in a new tab outside
 * the sandbox, so the page they lead to (an approval page) works: the first base target wins.
 */
const sandboxedHtml = (html: string) =>
  `<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="HTML part" ` +
  `srcdoc="${escapeHtml(`<base target="_blank">${html}`)}"></iframe>`;

function page(status: number, title: string, body: string, head = ""): Reply {
  return {
    status,
    contentType: "text/html; charset=utf-8",
    body:
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Switchyard mail</title>` +
      `${head}<style>${STYLE}</style></head><body>${body}</body></html>`,
  };
}

function listPage(newestFirst: readonly ReceivedMail[], smtpUrl: string): Reply {
  const rows = newestFirst.map(
    (mail) =>
      `<tr><td>${timeOf(mail)}</td><td>${escapeHtml(mail.from)}</td><td>${escapeHtml(mail.to.join(", "))}</td>` +
      `<td><a href="/messages/${mail.id}">${escapeHtml(subjectOf(mail))}</a></td></tr>`,
  );
  const body =
    `<h1>Caught mail</h1><p>Mail sent to ${escapeHtml(smtpUrl)} lands here (the newest ${CAUGHT_MAIL_KEPT}); ` +
    `this page reloads every 5 s.</p>` +
    (rows.length
      ? `<table><thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr></thead>` +
        `<tbody>${rows.join("")}</tbody></table>`
      : "<p>No mail yet.</p>");
  // A meta refresh needs no script, so the policy above stays as strict.
  return page(200, "Caught mail", body, '<meta http-equiv="refresh" content="5">');
}

function messagePage(mail: ReceivedMail): Reply {
  const attachments = mail.attachments.map((a) => `${a.filename || "(unnamed)"} (${a.contentType})`).join(", ");
  const body =
    `<p><a href="/">← All mail</a></p><h1>${escapeHtml(subjectOf(mail))}</h1><dl>` +
    `<dt>From</dt><dd>${escapeHtml(mail.from)}</dd><dt>To</dt><dd>${escapeHtml(mail.to.join(", "))}</dd>` +
    `<dt>Received</dt><dd>${timeOf(mail)}</dd>` +
    (attachments ? `<dt>Attachments</dt><dd>${escapeHtml(attachments)}</dd>` : "") +
    `</dl>` +
    (mail.html ? `<h2>HTML</h2>${sandboxedHtml(mail.html)}` : "") +
    (mail.text ? `<h2>Text</h2><pre>${linkified(mail.text)}</pre>` : "");
  return page(200, subjectOf(mail), body);
}

/** What /messages.json answers for a message: attachments by name and size, not their bytes. */
const asJson = (mail: ReceivedMail) => ({
  ...mail,
  attachments: mail.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    size: a.content.length,
  })),
});

function answer(messages: readonly ReceivedMail[], smtpUrl: string, pathname: string): Reply {
  const newestFirst = messages.toReversed();
  if (pathname === "/") return listPage(newestFirst, smtpUrl);
  if (pathname === "/messages.json")
    return {
      status: 200,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify(newestFirst.map(asJson)),
    };
  const id = /^\/messages\/(\d+)$/.exec(pathname)?.[1];
  const mail = id === undefined ? undefined : messages.find((m) => m.id === Number(id));
  if (mail) return messagePage(mail);
  return page(404, "Not found", `<h1>Not found</h1><p>Only the newest mail is kept. <a href="/">All mail</a></p>`);
}

/**
 * Only requests addressed to this server by its loopback address: caught mail holds approval
 * links, and a web page that rebinds its own name to 127.0.0.1 must not read them.
 */
const addressedToUs = (req: IncomingMessage) =>
  [`127.0.0.1:${req.socket.localPort}`, `localhost:${req.socket.localPort}`].includes(req.headers.host ?? "");

function respond(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    "content-type": reply.contentType,
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  });
  res.end(reply.body);
}

/** Starts the SMTP sink and the page that shows what it caught, each on a free loopback port. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const smtp = await startSmtpSink({ keep: CAUGHT_MAIL_KEPT });
  const server = createServer((req, res) => {
    if (!addressedToUs(req)) return respond(res, page(421, "Wrong host", "<p>Open this page at 127.0.0.1.</p>"));
    if (req.method !== "GET" && req.method !== "HEAD") return respond(res, page(405, "Method not allowed", ""));
    respond(res, answer(smtp.messages, smtp.url, new URL(req.url ?? "/", "http://catcher").pathname));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    smtpUrl: smtp.url,
    pageUrl: `http://127.0.0.1:${port}`,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      // A browser tab's keep-alive connection would otherwise hold the server open.
      server.closeAllConnections();
      await Promise.all([closed, smtp.close()]);
    },
  };
}
