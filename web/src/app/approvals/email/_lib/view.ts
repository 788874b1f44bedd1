// The approval page as HTML: what approving does, who decided so far, and the form. No script: every
// control is a plain labelled form control, so it works by keyboard and with any browser.
import { utcMinute } from "@switchyard/connectors";
import type { CheckpointField } from "@switchyard/workflows/engine";
import { escapeHtml as e, htmlPage, pageHeaders } from "~/server/http/html-page";
import { FIELD_PREFIX } from "~/server/services/email-approval-form";
import { fieldsOf, previewOf, type ApprovalForPage, type EmailApprovalAnswer } from "~/server/services/email-approval";

const shown = (v: unknown) => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));

/** The approval: titled `h1` on its own page, `h2` under a notice's own heading. */
function summary(a: ApprovalForPage, level: 1 | 2 = 1): string {
  const task = a.kind === "task";
  const preview = previewOf(a).map((p) => `<li>${e(p.description ?? `${p.stepId} (${p.uses})`)}</li>`);
  const decided = a.decisions.map(
    (d) =>
      `<li>${e(d.actorName ? `${d.actorName} (${d.actor})` : d.actor)}: ${e(d.decision)}, ${e(utcMinute(d.decidedAt))}</li>`,
  );
  return (
    `<h${level}>${e(a.title)}</h${level}><p class="muted">Workflow “${e(a.run.workflow.name)}”</p>` +
    (a.message ? `<p class="pre">${e(a.message)}</p>` : "") +
    (preview.length
      ? `<h2>${task ? "What happens next" : "What approving does"}</h2><ul>${preview.join("")}</ul>`
      : "") +
    `<h2>Decided so far</h2>` +
    (decided.length ? `<ul>${decided.join("")}</ul>` : `<p>Nobody yet.</p>`) +
    (!task && a.quorum > 1 ? `<p class="muted">${a.quorum} approvals are needed.</p>` : "")
  );
}

function control(f: CheckpointField, id: string, value: unknown): string {
  const name = e(FIELD_PREFIX + f.key);
  const req = f.required && f.type !== "boolean" ? " required" : "";
  const hint = f.description ? `<p class="muted" id="${id}-hint">${e(f.description)}</p>` : "";
  const described = f.description ? ` aria-describedby="${id}-hint"` : "";
  if (f.type === "boolean")
    return `<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${name}"${value === true ? " checked" : ""}${described}>${e(f.label)}</label>${hint}`;
  const label = `<label for="${id}">${e(f.label)}${f.required ? "" : " (optional)"}</label>`;
  if (f.type === "select") {
    const options = (f.options ?? []).map(
      (o) => `<option value="${e(o)}"${o === value ? " selected" : ""}>${e(o)}</option>`,
    );
    return `${label}<select id="${id}" name="${name}"${req}${described}>${options.join("")}</select>${hint}`;
  }
  const type = f.type === "number" ? `type="number" step="any"` : `type="text"`;
  return `${label}<input ${type} id="${id}" name="${name}" value="${e(shown(value))}"${req}${described}>${hint}`;
}

function form(answer: Extract<EmailApprovalAnswer, { kind: "form" }>): string {
  const a = answer.approval;
  const task = a.kind === "task";
  const sentValues = { ...answer.sent?.values, ...answer.sent?.edits };
  const controls = fieldsOf(a).map((f, i) =>
    control(f, `f${i}`, Object.hasOwn(sentValues, f.key) ? sentValues[f.key] : f.value),
  );
  const button = (value: string, label: string, secondary = false) =>
    `<button type="submit" name="decision" value="${value}"${secondary ? ` class="secondary" formnovalidate` : ""}` +
    `${answer.intent === value ? " autofocus" : ""}>${label}</button>`;
  return (
    `<form method="post">` +
    (answer.error ? `<p class="error" role="alert">${e(answer.error)}</p>` : "") +
    (controls.length ? `<h2>${task ? "Form" : "Change before approving (optional)"}</h2>${controls.join("")}` : "") +
    `<label for="comment">Comment (optional)</label><textarea id="comment" name="comment">${e(answer.sent?.comment ?? "")}</textarea>` +
    (task
      ? button("submit", "Submit") + button("reject", "Decline", true)
      : button("approve", "Approve") + button("reject", "Reject", true)) +
    `</form><p class="muted">For ${e(answer.email)}. This link works until ${e(utcMinute(a.expiresAt))} and decides once.</p>`
  );
}

/** The answer as its page; a decision page may only be posted from itself, so it keeps `Origin` (see pageHeaders). */
export function renderEmailApproval(answer: EmailApprovalAnswer): Response {
  if (answer.kind === "form")
    return htmlPage({
      status: answer.status,
      title: answer.approval.title,
      body: summary(answer.approval) + form(answer),
      headers: pageHeaders("same-origin"),
    });
  const headers = pageHeaders();
  if (answer.retryAfter) headers.set("retry-after", String(answer.retryAfter));
  const lines = answer.lines.map((l) => `<p>${e(l)}</p>`).join("");
  const context = answer.approval ? `<hr>${summary(answer.approval, 2)}` : "";
  return htmlPage({
    status: answer.status,
    title: answer.title,
    body: `<h1>${e(answer.title)}</h1>${lines}${context}`,
    headers,
  });
}
