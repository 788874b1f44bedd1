/** Text for HTML (mail bodies, pages): every character that could open markup or an attribute, as a reference. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A time as people read it in mail and pages, to the minute and in UTC: "2026-11-29 14:02 UTC". */
export const utcMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
