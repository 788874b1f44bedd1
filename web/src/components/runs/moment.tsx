"use client";
import { formatRelative } from "~/lib/runs/format";

/** "3 min ago", with the exact moment (in the reader's time zone) on hover and for screen readers. */
export function Moment({ iso, now }: { iso: string; now: number }) {
  const exact = new Date(iso).toLocaleString();
  return (
    <time dateTime={iso} title={exact} aria-label={exact}>
      {formatRelative(iso, now)}
    </time>
  );
}
