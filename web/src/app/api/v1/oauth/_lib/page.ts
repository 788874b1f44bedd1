// Browser-facing OAuth2 endpoints answer small HTML pages, never JSON: people arrive here, without a token.
import { createHash } from "node:crypto";
import { services, type Services } from "~/server/context";
import { DatabaseUnavailableError } from "~/server/http/api-error";
import { retryAfterHeader, toApiError } from "~/server/http/errors";
import { BEGIN_PATH, Refused, type BrowserAnswer } from "~/server/services/oauth";

/** One look for every page of the flow; allowed by its hash, since the policy refuses inline code otherwise. */
const STYLE =
  "body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f5f6f8;color:#1d2330;" +
  "font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif}" +
  "main{max-width:34rem;margin:1.5rem;padding:2rem 2.25rem;background:#fff;border:1px solid #dfe3ea;" +
  "border-radius:12px;box-shadow:0 1px 3px rgba(16,24,40,.08)}" +
  "h1{margin:0 0 1rem;font-size:1.35rem}p{margin:.5rem 0;color:#3b4456}" +
  "button{margin-top:1.25rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;background:#2f5bea;" +
  "border:0;border-radius:8px;cursor:pointer}button:focus-visible{outline:3px solid #9db4ff;outline-offset:2px}";
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

const HEADERS = {
  "cache-control": "no-store",
  // The callback's URL carries the authorization code; nothing may pass it on.
  "referrer-policy": "no-referrer",
  // Framed by another site, the confirmation button could be clickjacked.
  "content-security-policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'`,
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render(answer: BrowserAnswer): Response {
  const headers = new Headers(HEADERS);
  for (const cookie of answer.cookies ?? []) headers.append("set-cookie", cookie);
  if ("redirect" in answer) {
    headers.set("location", answer.redirect);
    return new Response(null, { status: 303, headers });
  }
  const { status, title, lines, form } = answer;
  const fields = Object.entries(form?.fields ?? {}).map(
    ([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`,
  );
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    ...(form
      ? [
          `<form method="post" action="${BEGIN_PATH}">${fields.join("")}<button type="submit">${escapeHtml(form.button)}</button></form>`,
        ]
      : []),
  ];
  headers.set("content-type", "text/html; charset=utf-8");
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body.join("")}</main></body></html>`,
    { status, headers },
  );
}

/** A handler whose refusals become their pages, and anything unexpected a logged 500 page. */
export function pageRoute(work: (s: Services, request: Request) => Promise<BrowserAnswer>) {
  return async (request: Request): Promise<Response> => {
    const s = services();
    try {
      return render(await work(s, request));
    } catch (err) {
      if (err instanceof Refused) return render(err.page);
      const known = toApiError(err);
      if (known) {
        // The link may be spent by now (an attempt is used once), so a retry starts over.
        const line =
          known instanceof DatabaseUnavailableError
            ? "Switchyard's database is unreachable, so this was not processed and nothing was connected. " +
              "Start the connection again in a few seconds."
            : known.message;
        const page = render({ status: known.status, title: "Not connected", lines: [line] });
        // An outage's page says when to come back, like every other answer during one.
        for (const [name, value] of Object.entries(retryAfterHeader(known))) page.headers.set(name, value);
        return page;
      }
      s.logger.error("oauth page failed", {
        path: new URL(request.url).pathname,
        error: err instanceof Error ? err.message : String(err),
      });
      return render({ status: 500, title: "Not connected", lines: ["Internal error; it has been logged."] });
    }
  };
}
