import { services, type Services } from "~/server/context";
import { DatabaseUnavailableError } from "~/server/http/api-error";
import { retryAfterHeader, toApiError } from "~/server/http/errors";
import type { EmailApprovalAnswer } from "~/server/services/email-approval";
import { renderEmailApproval } from "./view";

type Work = (s: Services, request: Request, token: string) => Promise<EmailApprovalAnswer>;

/** A handler whose answer is its page; an outage a 503 page with Retry-After, anything unexpected a logged 500 page. */
export function emailApprovalRoute(work: Work) {
  return async (request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> => {
    const s = services();
    try {
      return renderEmailApproval(await work(s, request, (await params).token));
    } catch (err) {
      const known = toApiError(err);
      if (known) {
        const line =
          known instanceof DatabaseUnavailableError
            ? "Switchyard's database is unreachable, so nothing was recorded. Try again in a few seconds."
            : known.message;
        const page = renderEmailApproval({ kind: "notice", status: known.status, title: "Not decided", lines: [line] });
        for (const [name, value] of Object.entries(retryAfterHeader(known))) page.headers.set(name, value);
        return page;
      }
      s.logger.error("approval page failed", { error: err instanceof Error ? err.message : String(err) });
      return renderEmailApproval({
        kind: "notice",
        status: 500,
        title: "Not decided",
        lines: ["Internal error; it has been logged. Nothing was recorded."],
      });
    }
  };
}
