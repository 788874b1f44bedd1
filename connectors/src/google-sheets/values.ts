import { z } from "zod";
import { withFields } from "../sdk/describe";
import { NonRetryableError } from "../sdk/errors";
import type { HttpClient } from "../sdk/http/client";
import { callGoogle } from "./client";
import { a1, columnIndex, columnLetter, spreadsheetIdOf, valuesPath } from "./ranges";

/** Props every operation shares. */
export const sheetProps = {
  spreadsheetId: z
    .string()
    .min(1)
    .describe("The spreadsheet's ID, from its URL (docs.google.com/spreadsheets/d/<ID>/edit); the whole URL works too"),
  sheet: z.string().min(1).describe("The tab's name, as shown at the bottom of the spreadsheet (e.g. Sheet1)"),
};

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
type Cell = z.infer<typeof cell>;

export const rowInput = z
  .union([z.array(cell).min(1), z.record(z.string(), cell)])
  .describe(
    "Either a list of cell values written from column A on (null leaves a cell as it is), " +
      'or an object mapping header names from row 1 to values (e.g. {"Email": "ann@example.com"}); ' +
      "columns not named are left as they are",
  );

export const valueInputOption = z
  .enum(["USER_ENTERED", "RAW"])
  .default("USER_ENTERED")
  .describe(
    "USER_ENTERED parses values as if typed into the sheet (numbers, dates, =formulas); RAW stores them as given",
  );

/** `line (Email: "ann@…", …)`; a list of cells is keyed by its column letters, as the sheet shows them. */
export function describeRow(line: string, values: z.infer<typeof rowInput>): string {
  const fields = Array.isArray(values) ? Object.fromEntries(values.map((v, i) => [columnLetter(i), v])) : values;
  return withFields(line, fields);
}

/** Sheets' ValueRange as values.get returns it: `values` is absent when the range is empty. */
const valueRange = z.object({ values: z.array(z.array(z.string())).optional() });

export const spreadsheetLabel = (spreadsheetId: string) => `spreadsheet "${spreadsheetIdOf(spreadsheetId)}"`;

/**
 * The displayed text of a range's cells, one array per row from the range's
 * first row. Sheets leaves out trailing empty rows and cells, but keeps empty
 * rows inside the data (as []).
 */
export async function readRows(http: HttpClient, spreadsheetId: string, range: string): Promise<string[][]> {
  return (
    (await callGoogle(http, { url: valuesPath(spreadsheetId, range) }, valueRange, spreadsheetLabel(spreadsheetId)))
      .values ?? []
  );
}

export const readHeaders = async (http: HttpClient, spreadsheetId: string, sheet: string): Promise<string[]> =>
  (await readRows(http, spreadsheetId, a1(sheet, "1:1")))[0] ?? [];

/**
 * Where a header name sits in row 1: an exact match first, then one ignoring case and surrounding spaces; -1 if none.
 */
export function headerIndex(headers: string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0) return exact;
  const wanted = name.trim().toLowerCase();
  return headers.findIndex((h) => h.trim().toLowerCase() === wanted);
}

/** A column given as a header name (preferred, so a header called "ID" wins) or as a letter. */
export function resolveColumn(headers: string[], sheet: string, column: string): number {
  const byHeader = headerIndex(headers, column);
  if (byHeader >= 0) return byHeader;
  const byLetter = columnIndex(column.trim());
  if (byLetter !== undefined) return byLetter;
  throw new NonRetryableError(
    `Google Sheets: no column "${column}" in the header row of "${sheet}" ` +
      `(headers: ${headers.join(", ") || "none"}); give a header name or a column letter`,
  );
}

/**
 * The cells to write for a row. A list is written as given; a record is laid
 * out under the header row, with null (Sheets: leave the cell as it is) for
 * columns it does not name, so an update touches only what was given.
 */
export async function toCells(
  http: HttpClient,
  props: { spreadsheetId: string; sheet: string; values: z.infer<typeof rowInput> },
): Promise<Cell[]> {
  if (Array.isArray(props.values)) return props.values;
  const record = props.values;
  const headers = await readHeaders(http, props.spreadsheetId, props.sheet);
  const placed = Object.keys(record).map((name) => [name, headerIndex(headers, name)] as const);
  const unknown = placed.filter(([, i]) => i < 0).map(([name]) => `"${name}"`);
  if (unknown.length)
    throw new NonRetryableError(
      `Google Sheets: no column ${unknown.join(", ")} in the header row of "${props.sheet}" ` +
        `(headers: ${headers.join(", ") || "none"})`,
    );
  if (!placed.length)
    throw new NonRetryableError("Google Sheets: the values name no column; give at least one header and its value");
  const cells: Cell[] = Array.from({ length: Math.max(...placed.map(([, i]) => i)) + 1 }, () => null);
  for (const [name, i] of placed) cells[i] = record[name] ?? null;
  return cells;
}

export const rowItem = z.object({
  rowNumber: z.number().int().positive().describe("1-based, as the sheet shows it"),
  values: z.array(z.string()).describe("Displayed text of each cell from column A, padded to the header row's width"),
  record: z.record(z.string(), z.string()).describe("The same cells keyed by their header from row 1"),
});
export type RowItem = z.infer<typeof rowItem>;

/** A row as the operations return it; headers that are blank or repeated (after the first) get no key in `record`. */
export function toRowItem(rowNumber: number, values: string[], headers: string[]): RowItem {
  const padded = Array.from({ length: Math.max(values.length, headers.length) }, (_, i) => values[i] ?? "");
  const keyed = headers
    .map((h, i) => [h, padded[i] ?? ""] as const)
    .filter(([h], i) => h.trim() !== "" && headers.indexOf(h) === i);
  return { rowNumber, values: padded, record: Object.fromEntries(keyed) };
}
