import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { previewValue, quoted } from "../../sdk/describe";
import { a1 } from "../ranges";
import { readRows, resolveColumn, rowItem, sheetProps, toRowItem } from "../values";

export const lookupRow = defineAction({
  name: "lookupRow",
  effect: "read",
  title: "Find row",
  description: "Find the first row below the header whose cell in a column shows exactly the given value.",
  props: z.object({
    ...sheetProps,
    column: z
      .string()
      .min(1)
      .describe("The column to search: a header name from row 1 (e.g. Email) or a column letter (e.g. C)"),
    value: z
      .union([z.string(), z.number()])
      .describe("Compared with the cell's text as the sheet displays it, exactly (case and formatting included)"),
  }),
  output: z.discriminatedUnion("found", [
    z.object({ found: z.literal(true), ...rowItem.shape }),
    z.object({ found: z.literal(false) }),
  ]),
  sampleOutput: {
    found: true,
    rowNumber: 7,
    values: ["Ann Example", "ann@example.com", "42"],
    record: { Name: "Ann Example", Email: "ann@example.com", Score: "42" },
  },
  describe: ({ sheet, column, value }) =>
    `Find the row of Google Sheets tab ${quoted(sheet)} whose ${column} is ${previewValue(value)}`,
  async run({ http, props }) {
    const rows = await readRows(http, props.spreadsheetId, a1(props.sheet));
    const headers = rows[0] ?? [];
    const column = resolveColumn(headers, props.sheet, props.column);
    const wanted = String(props.value);
    // Row 1 is the header row; data starts at row 2 (index 1).
    const index = rows.findIndex((row, i) => i > 0 && (row[column] ?? "") === wanted);
    return index < 0
      ? { found: false as const }
      : { found: true as const, ...toRowItem(index + 1, rows[index]!, headers) };
  },
});
