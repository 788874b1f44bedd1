import { diffLines } from "diff";
import { canonicalJson } from "@switchyard/workflows/definition";

export interface DiffLine {
  kind: "added" | "removed" | "same";
  text: string;
}

/** Pretty JSON with sorted keys: two versions that differ only in key order read as equal. */
export const canonicalPretty = (value: unknown): string =>
  `${JSON.stringify(JSON.parse(canonicalJson(value ?? null)), null, 2)}\n`;

/** A line diff of two values' canonical JSON (a: older, b: newer), one entry per line. */
export function jsonLineDiff(a: unknown, b: unknown): DiffLine[] {
  return diffLines(canonicalPretty(a), canonicalPretty(b)).flatMap((part) => {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    return part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((text) => ({ kind, text }) as DiffLine);
  });
}
