import { createHash } from "node:crypto";
import { z } from "zod";
import { defineTrigger, type TriggerContext } from "../../sdk/define";
import { NonRetryableError } from "../../sdk/errors";
import { a1 } from "../ranges";
import { readHeaders, readRows, rowItem, sheetProps, toRowItem } from "../values";

const props = z.object(sheetProps);
type Ctx = TriggerContext<z.infer<typeof props>>;

/** The last row seen, with a fingerprint of its content to notice rows moving under it. */
interface Cursor {
  lastRow: number;
  fingerprint: string;
}
const CURSOR = "cursor";

interface Row {
  rowNumber: number;
  values: string[];
}

/** A row's content; trailing empty cells don't count, as Sheets leaves them out of its answers. */
export function fingerprint(values: string[]): string {
  let end = values.length;
  while (end > 0 && values[end - 1] === "") end--;
  return createHash("sha256")
    .update(JSON.stringify(values.slice(0, end)))
    .digest("hex")
    .slice(0, 16);
}

/** Deleting rows shrinks the grid, and Sheets refuses (rather than answers empty) a range that starts below it. */
const isBelowGrid = (err: unknown) =>
  err instanceof NonRetryableError &&
  err.details?.status === 400 &&
  /exceeds grid limits/i.test(String(err.details.message));

/**
 * The cursor's row and every row after it, in one read from that row down
 * (ZZZ is the widest column Sheets allows; reads stop at the sheet's own
 * width). Undefined when that row no longer holds what it held: rows were
 * deleted or inserted above it, or it was edited.
 */
async function rowsFromCursor({ http, props }: Ctx, cursor: Cursor): Promise<Row[] | undefined> {
  let values: string[][];
  try {
    values = await readRows(http, props.spreadsheetId, a1(props.sheet, `A${cursor.lastRow}:ZZZ`));
  } catch (err) {
    if (isBelowGrid(err)) return undefined;
    throw err;
  }
  if (!values[0] || fingerprint(values[0]) !== cursor.fingerprint) return undefined;
  return values.map((v, i) => ({ rowNumber: cursor.lastRow + i, values: v }));
}

/**
 * Where the cursor's row is now, given the whole sheet: the row with its
 * content nearest to where it was (rows deleted or inserted above moved it).
 * With no such row, it was edited in place (keep its number) or deleted; if
 * the sheet is now shorter than the cursor, resume from the sheet's end and
 * emit nothing: rows added in the same interval as a deletion can't be told
 * apart from rows that moved up, and repeating old rows is worse than missing
 * a rare one.
 */
function relocate(rows: Row[], cursor: Cursor): number {
  const same = rows.filter((r) => fingerprint(r.values) === cursor.fingerprint);
  const nearest = same.sort(
    (a, b) => Math.abs(a.rowNumber - cursor.lastRow) - Math.abs(b.rowNumber - cursor.lastRow),
  )[0];
  return nearest?.rowNumber ?? Math.min(cursor.lastRow, rows.length);
}

const isBlank = (values: string[]) => values.every((v) => v.trim() === "");

export const newRow = defineTrigger({
  name: "newRow",
  title: "New row",
  description: "Starts for each row added below the last row of a sheet (row 1 is the header).",
  kind: "poll",
  props,
  output: rowItem,
  sampleOutput: {
    rowNumber: 12,
    values: ["Ann Example", "ann@example.com", "42"],
    record: { Name: "Ann Example", Email: "ann@example.com", Score: "42" },
  },
  async poll(ctx) {
    const { http, props, store, logger } = ctx;
    const cursor = await store.get<Cursor>(CURSOR);
    let rows = cursor && (await rowsFromCursor(ctx, cursor));
    // Without a cursor (first poll, or the sheet was empty), every row below the header is
    // returned: on the first poll pollNewItems records them as the baseline.
    let seenUpTo = cursor?.lastRow ?? 1;
    if (!rows) {
      rows = (await readRows(http, props.spreadsheetId, a1(props.sheet))).map((values, i) => ({
        rowNumber: i + 1,
        values,
      }));
      if (cursor) {
        seenUpTo = relocate(rows, cursor);
        logger.info("google-sheets.newRow: rows moved under the cursor", { was: cursor.lastRow, now: seenUpTo });
      }
    }
    const fresh = rows.filter((r) => r.rowNumber > seenUpTo && !isBlank(r.values));
    const headers = !fresh.length
      ? []
      : rows[0]?.rowNumber === 1
        ? rows[0].values
        : await readHeaders(http, props.spreadsheetId, props.sheet);
    // Saved only once everything was read, so a failed poll is repeated from the same place.
    const last = rows.at(-1);
    if (last)
      await store.set(CURSOR, { lastRow: last.rowNumber, fingerprint: fingerprint(last.values) } satisfies Cursor);
    else await store.delete(CURSOR);
    return fresh.map((r) => toRowItem(r.rowNumber, r.values, headers));
  },
  // The content is part of the key: after a deletion, a new row can take a row number already seen.
  dedupeKey: (row) => `${row.rowNumber}:${fingerprint(row.values)}`,
});
