import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { callGoogle } from "../client";
import { a1, columnLetter, valuesPath } from "../ranges";
import { describeRow, rowInput, sheetProps, spreadsheetLabel, toCells, valueInputOption } from "../values";

/** UpdateValuesResponse. Google leaves out zero counts, so a write that changed nothing has no updatedCells. */
const updated = z.object({ updatedRange: z.string(), updatedCells: z.number().int().nonnegative().default(0) });

export const updateRow = defineAction({
  name: "updateRow",
  effect: "write",
  title: "Update row",
  description:
    "Overwrite cells of one row, as a list of values or by header name; cells not given are left as they are.",
  props: z.object({
    ...sheetProps,
    rowNumber: z
      .number()
      .int()
      .positive()
      .describe("The row to update, 1-based as the sheet shows it (row 1 is usually the header)"),
    values: rowInput,
    valueInputOption,
  }),
  output: z.object({ updatedRange: z.string(), updatedCells: z.number().int().nonnegative() }),
  sampleOutput: { updatedRange: "'Leads'!A12:C12", updatedCells: 3 },
  describe: ({ sheet, rowNumber, values }) =>
    describeRow(`Update row ${rowNumber} of Google Sheets tab ${quoted(sheet)}`, values),
  async run({ http, props }) {
    const cells = await toCells(http, props);
    const range = a1(props.sheet, `A${props.rowNumber}:${columnLetter(cells.length - 1)}${props.rowNumber}`);
    const query = new URLSearchParams({ valueInputOption: props.valueInputOption });
    const { updatedRange, updatedCells } = await callGoogle(
      http,
      {
        method: "PUT",
        url: `${valuesPath(props.spreadsheetId, range)}?${query}`,
        body: { majorDimension: "ROWS", values: [cells] },
      },
      updated,
      spreadsheetLabel(props.spreadsheetId),
    );
    return { updatedRange, updatedCells };
  },
});
