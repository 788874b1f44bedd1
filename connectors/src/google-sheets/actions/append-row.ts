import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { callGoogle } from "../client";
import { a1, valuesPath, writtenRange } from "../ranges";
import { describeRow, rowInput, sheetProps, spreadsheetLabel, toCells, valueInputOption } from "../values";

/** AppendValuesResponse, with the row as Sheets rendered it (includeValuesInResponse). */
const appended = z.object({
  updates: z.object({
    updatedRange: writtenRange,
    updatedData: z.object({ values: z.array(z.array(z.string())).optional() }).optional(),
  }),
});

export const appendRow = defineAction({
  name: "appendRow",
  effect: "write",
  title: "Add row",
  description: "Add a row below the last row of a sheet's table, as a list of values or by header name.",
  props: z.object({ ...sheetProps, values: rowInput, valueInputOption }),
  output: z.object({
    updatedRange: z.string().describe("The cells written, in A1 notation (e.g. 'Leads'!A12:C12)"),
    rowNumber: z.number().int().positive(),
    values: z.array(z.string()).describe("The row's cells as the sheet now displays them (formulas computed)"),
  }),
  sampleOutput: { updatedRange: "'Leads'!A12:C12", rowNumber: 12, values: ["Ann Example", "ann@example.com", "42"] },
  describe: ({ sheet, values }) => describeRow(`Add a row to Google Sheets tab ${quoted(sheet)}`, values),
  async run({ http, props }) {
    const cells = await toCells(http, props);
    // A1 as the search start: Sheets finds the table there and inserts the row after it.
    const query = new URLSearchParams({
      valueInputOption: props.valueInputOption,
      insertDataOption: "INSERT_ROWS",
      includeValuesInResponse: "true",
    });
    const { updates } = await callGoogle(
      http,
      {
        method: "POST",
        url: `${valuesPath(props.spreadsheetId, a1(props.sheet, "A1"), ":append")}?${query}`,
        body: { majorDimension: "ROWS", values: [cells] },
      },
      appended,
      spreadsheetLabel(props.spreadsheetId),
    );
    return {
      updatedRange: updates.updatedRange.range,
      rowNumber: updates.updatedRange.firstRow,
      values: updates.updatedData?.values?.[0] ?? [],
    };
  },
});
