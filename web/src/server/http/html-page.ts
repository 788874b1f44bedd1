// The small HTML pages people open from a link (OAuth connect, approval mail): one look, one set of
// headers, no script. The style is allowed by its hash, since the policy refuses inline code otherwise.
import { createHash } from "node:crypto";
import { escapeHtml } from "@switchyard/connectors";

const STYLE =
  "body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f5f6f8;color:#1d2330;" +
  "font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif}" +
  "main{max-width:34rem;margin:1.5rem;padding:2rem 2.25rem;background:#fff;border:1px solid #dfe3ea;" +
  "border-radius:12px;box-shadow:0 1px 3px rgba(16,24,40,.08)}" +
  "h1{margin:0 0 1rem;font-size:1.35rem}p{margin:.5rem 0;color:#3b4456}" +
  "h2{margin:1.5rem 0 .5rem;font-size:1rem}ul{margin:.25rem 0;padding-left:1.25rem}li{margin:.25rem 0}" +
  "hr{margin:1.5rem 0;border:0;border-top:1px solid #dfe3ea}.muted{color:#5b6478;font-size:.875rem}.pre{white-space:pre-wrap}" +
  ".error{margin:1rem 0;padding:.6rem .8rem;color:#912018;background:#fef3f2;border:1px solid #fecdca;" +
  "border-radius:8px}" +
  "label{display:block;margin:1rem 0 .3rem;font-weight:600}label.check{display:flex;gap:.5rem;font-weight:600}" +
  "input,select,textarea{box-sizing:border-box;width:100%;padding:.5rem .6rem;font:inherit;color:inherit;" +
  "background:#fff;border:1px solid #b9c0cc;border-radius:8px}input[type=checkbox]{width:auto;margin:.3rem 0}" +
  "textarea{min-height:5rem}" +
  "button{margin:1.25rem .5rem 0 0;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:#fff;" +
  "background:#2f5bea;border:1px solid #2f5bea;border-radius:8px;cursor:pointer}" +
  "button.secondary{color:#912018;background:#fff;border-color:#b42318}" +
  ":focus-visible{outline:3px solid #9db4ff;outline-offset:2px}";
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

/**
 * `no-referrer` unless the page posts a form that checks `Origin`: browsers send `Origin: null`
 * for a form posted from a no-referrer page, so such a page uses `same-origin`, which still never
 * tells another site its address.
 */
export type PageReferrerPolicy = "no-referrer" | "same-origin";

/** The headers every such page (or its redirect) carries. */
export function pageHeaders(referrerPolicy: PageReferrerPolicy = "no-referrer"): Headers {
  return new Headers({
    "cache-control": "no-store",
    // These pages' URLs carry codes and tokens; nothing may pass them on.
    "referrer-policy": referrerPolicy,
    // Framed by another site, a confirmation button could be clickjacked.
    "content-security-policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'`,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
  });
}

export { escapeHtml };

export interface HtmlPage {
  status: number;
  title: string;
  /** The page's content, already HTML: every piece of data in it escaped with escapeHtml. */
  body: string;
  headers?: Headers;
}

export function htmlPage({ status, title, body, headers = pageHeaders() }: HtmlPage): Response {
  headers.set("content-type", "text/html; charset=utf-8");
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`,
    { status, headers },
  );
}
