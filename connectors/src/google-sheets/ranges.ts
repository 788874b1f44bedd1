/** A1 notation and the URL paths of the Sheets API v4 values endpoints. */
import { z } from "zod";

/**
 * A tab name as A1 notation wants it: always quoted, quotes doubled
 * ('Bob''s leads'). Sheets accepts quotes around any name, and names with
 * spaces or punctuation need them.
 */
export const quoteSheet = (sheet: string): string => `'${sheet.replaceAll("'", "''")}'`;

/** A range on a tab: the whole tab, or cells such as "A5:C5" or "1:1". */
export const a1 = (sheet: string, cells?: string): string =>
  cells ? `${quoteSheet(sheet)}!${cells}` : quoteSheet(sheet);

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The largest column Sheets allows (18,278 columns), which makes "ZZZ" a safe open end for reads. */
const MAX_COLUMNS = 18_278;

/** "A" → 0, "aa" → 26; undefined for anything that is not a column letter Sheets can have. */
export function columnIndex(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined;
  const n = [...letters.toUpperCase()].reduce((acc, ch) => acc * 26 + (ch.charCodeAt(0) - 64), 0);
  return n <= MAX_COLUMNS ? n - 1 : undefined;
}

/** People paste the spreadsheet's URL as often as its ID; both work. */
export function spreadsheetIdOf(input: string): string {
  return /\/spreadsheets\/d\/([\w-]+)/.exec(input)?.[1] ?? input.trim();
}

/** `v4/spreadsheets/{id}/values/{range}{suffix}`, with the range URL-encoded. */
export const valuesPath = (spreadsheetId: string, range: string, suffix = ""): string =>
  `v4/spreadsheets/${encodeURIComponent(spreadsheetIdOf(spreadsheetId))}/values/${encodeURIComponent(range)}${suffix}`;

/** A range as Sheets reports what it wrote ('Leads'!A12:C12), with the number of its first row. */
export const writtenRange = z.string().transform((range, ctx) => {
  // A tab name may itself contain "!", so the cells are what follows the last one.
  const row = /^\$?[A-Z]+\$?(\d+)/.exec(range.slice(range.lastIndexOf("!") + 1))?.[1];
  if (!row) {
    ctx.addIssue({ code: "custom", message: `not an A1 range with a row: ${range}` });
    return z.NEVER;
  }
  return { range, firstRow: Number(row) };
});
