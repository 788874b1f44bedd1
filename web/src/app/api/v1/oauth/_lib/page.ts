// Browser-facing OAuth2 endpoints answer small HTML pages, never JSON: people arrive here, without a token.
import { services, type Services } from "~/server/context";
import { DatabaseUnavailableError } from "~/server/http/api-error";
import { escapeHtml, htmlPage, pageHeaders } from "~/server/http/html-page";
import { retryAfterHeader, toApiError } from "~/server/http/errors";
import { BEGIN_PATH, Refused, type BrowserAnswer } from "~/server/services/oauth";

function render(answer: BrowserAnswer): Response {
  // Under no-referrer a browser posts a form with `Origin: null`, which the confirm step refuses.
  const headers = pageHeaders("form" in answer && answer.form ? "same-origin" : "no-referrer");
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
  return htmlPage({ status, title, body: body.join(""), headers });
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
