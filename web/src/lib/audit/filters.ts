// The audit log's filter form, as the listing's input: blank fields filter nothing, and dates are
// whole days in the reader's time zone, the "to" day included.

import type { AuditTargetType } from "./target-types";

export interface AuditFilterValues {
  action: string;
  actor: string;
  targetType: AuditTargetType | "";
  /** yyyy-mm-dd, as a date input gives it; "" for no bound. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilterValues = { action: "", actor: "", targetType: "", from: "", to: "" };

export const PAGE_SIZE = 50;

/** Local midnight at the start of `day` (yyyy-mm-dd), plus `days`, as an ISO instant. */
export function localDayStart(day: string, days = 0): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y!, m! - 1, d! + days).toISOString();
}

export function auditInput(f: AuditFilterValues) {
  const actor = f.actor.trim();
  return {
    limit: PAGE_SIZE,
    ...(f.action ? { action: f.action } : {}),
    ...(actor ? { actor } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.from ? { from: localDayStart(f.from) } : {}),
    ...(f.to ? { to: localDayStart(f.to, 1) } : {}),
  };
}

export const isFiltered = (f: AuditFilterValues) => Object.values(f).some((v) => v.trim() !== "");

/** What the form can say before the server does: a range that ends before it starts. */
export const rangeProblem = (f: AuditFilterValues): string | undefined =>
  f.from && f.to && f.to < f.from ? "The end date is before the start date." : undefined;
