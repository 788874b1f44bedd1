// What one approver's checkpoint mail says, as text and as HTML. Every value in it comes from the
// workflow's definition or its rendered inputs, so the HTML escapes all of it.
import { escapeHtml, utcMinute } from "@switchyard/connectors";
import type { ApprovalForChannels } from "../activities/notify-checkpoint";
import type { CheckpointField, NotifyReason, PreviewStep } from "../interpreter/checkpoint-contract";

export interface CheckpointMail {
  subject: string;
  text: string;
  html: string;
}

const shown = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

const SUBJECT_PREFIX: Record<NotifyReason, string> = { request: "", reminder: "Reminder: ", escalation: "Escalated: " };
const WHY: Record<NotifyReason, string> = {
  request: "is waiting for your decision.",
  reminder: "is still waiting for your decision.",
  escalation: "has waited with nobody answering, so it now comes to you as well.",
};

/** The mail's content, as lines of text; the HTML and text parts are both made from it. */
function outline(approval: ApprovalForChannels, reason: NotifyReason) {
  const task = approval.kind === "task";
  const fields = (task ? approval.form : approval.editable) as unknown as CheckpointField[];
  const decided = approval.decisions.map((d) => `${d.actor} (${d.decision})`);
  return {
    subject: `${SUBJECT_PREFIX[reason]}${task ? "Task" : "Approval needed"}: ${approval.title}`,
    intro: `The workflow "${approval.run.workflow.name}" ${WHY[reason]}`,
    preview: (approval.preview as unknown as PreviewStep[]).map((p) => p.description ?? `${p.stepId} (${p.uses})`),
    fieldsHeading: task ? "The form asks for:" : "You can change before approving:",
    fields: fields.map((f) => (task ? `${f.label} (${f.type})` : `${f.label}: ${shown(f.value)}`)),
    decided: decided.length ? `Decided so far: ${decided.join(", ")} (${approval.quorum} needed).` : undefined,
  };
}

interface Links {
  /** The confirmation page this approver's token opens. */
  page: string;
  /** Who the links are for: the page decides as this person only. */
  email: string;
}

const actionsOf = (approval: ApprovalForChannels, page: string) =>
  approval.kind === "task"
    ? [{ label: "Open the form", url: page }]
    : [
        { label: "Approve", url: `${page}?intent=approve` },
        { label: "Reject", url: `${page}?intent=reject` },
      ];

const footer = (approval: ApprovalForChannels, links: Links) =>
  `Each link opens a page where you confirm; nothing is decided by opening it. The links are for ${links.email} only ` +
  `and work until ${utcMinute(approval.expiresAt)}.`;

function textPart(approval: ApprovalForChannels, o: ReturnType<typeof outline>, links: Links): string {
  const list = (heading: string, items: string[]) =>
    items.length ? ["", heading, ...items.map((i) => `  - ${i}`)] : [];
  return [
    approval.title,
    "",
    o.intro,
    ...(approval.message ? ["", approval.message] : []),
    ...list("What happens next:", o.preview),
    ...list(o.fieldsHeading, o.fields),
    ...(o.decided ? ["", o.decided] : []),
    "",
    ...actionsOf(approval, links.page).map((a) => `${a.label}: ${a.url}`),
    "",
    footer(approval, links),
  ].join("\n");
}

const BUTTON =
  "display:inline-block;margin:0 .5rem .5rem 0;padding:.6rem 1.2rem;border-radius:8px;font-weight:600;" +
  "text-decoration:none;border:1px solid ";
/** The same look as the confirmation page: the first action filled, Reject outlined in red. */
const buttonStyle = (first: boolean) =>
  BUTTON + (first ? "#2f5bea;background:#2f5bea;color:#fff" : "#b42318;background:#fff;color:#912018");

function htmlPart(approval: ApprovalForChannels, o: ReturnType<typeof outline>, links: Links): string {
  const p = (s: string, style = "") => `<p style="margin:.5rem 0;${style}">${escapeHtml(s)}</p>`;
  const list = (heading: string, items: string[]) =>
    items.length
      ? p(heading, "font-weight:600") + `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`
      : "";
  const buttons = actionsOf(approval, links.page)
    .map((a, i) => `<a href="${escapeHtml(a.url)}" style="${buttonStyle(i === 0)}">${escapeHtml(a.label)}</a>`)
    .join("");
  return (
    `<!doctype html><html><body style="margin:0;padding:1.5rem;background:#f5f6f8;color:#1d2330;` +
    `font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif"><div style="max-width:36rem;margin:auto;` +
    `padding:1.5rem 2rem;background:#fff;border:1px solid #dfe3ea;border-radius:12px">` +
    `<h1 style="margin:0 0 1rem;font-size:1.35rem">${escapeHtml(approval.title)}</h1>` +
    p(o.intro) +
    (approval.message ? p(approval.message, "white-space:pre-wrap") : "") +
    list("What happens next:", o.preview) +
    list(o.fieldsHeading, o.fields) +
    (o.decided ? p(o.decided) : "") +
    `<p style="margin:1.25rem 0 .5rem">${buttons}</p>` +
    p(footer(approval, links), "color:#5b6478;font-size:.875rem") +
    `</div></body></html>`
  );
}

/** One approver's mail: their own links, since each link decides as the person it was sent to. */
export function checkpointMail(approval: ApprovalForChannels, reason: NotifyReason, links: Links): CheckpointMail {
  const o = outline(approval, reason);
  return { subject: o.subject, text: textPart(approval, o, links), html: htmlPart(approval, o, links) };
}
