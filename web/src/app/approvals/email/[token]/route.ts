// An approval mail's link. GET and HEAD only show the approval (mail scanners and link previews
// fetch links, and must never decide); the page's form POSTs here to decide.
import type { Services } from "~/server/context";
import { readLimitedBody } from "~/server/http/body";
import { decideByEmail, showEmailApproval, type EmailApprovalAnswer } from "~/server/services/email-approval";
import { emailApprovalRoute } from "../_lib/route";

export const dynamic = "force-dynamic";

/** Far more than a form of a few fields and a comment needs. */
const MAX_FORM_BYTES = 64 * 1024;

export const GET = emailApprovalRoute((s: Services, request, token) =>
  showEmailApproval(s, token, new URL(request.url).searchParams.get("intent")),
);
export const HEAD = GET;
export const POST = emailApprovalRoute(
  async (s: Services, request, token): Promise<EmailApprovalAnswer> =>
    decideByEmail(
      s,
      token,
      request.headers.get("origin"),
      new URLSearchParams(new TextDecoder().decode(await readLimitedBody(request, MAX_FORM_BYTES))),
    ),
);
