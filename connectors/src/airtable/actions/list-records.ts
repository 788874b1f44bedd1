import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted } from "../../sdk/describe";
import { airtableRecord, listRecords as fetchRecords, tableProps } from "../records";

export const listRecords = defineAction({
  name: "listRecords",
  effect: "read",
  title: "List records",
  description: "Read records of an Airtable table, optionally from a view, filtered by a formula and sorted.",
  props: z.object({
    ...tableProps,
    view: z
      .string()
      .min(1)
      .optional()
      .describe("Only records in this view (name or ID), in the view's order unless `sort` is given"),
    filterByFormula: z
      .string()
      .min(1)
      .optional()
      .describe(`An Airtable formula; records for which it is true are returned, e.g. {Status} = 'Done'`),
    sort: z
      .array(z.object({ field: z.string().min(1), direction: z.enum(["asc", "desc"]).default("asc") }))
      .optional()
      .describe("Fields to sort by, first one first"),
    fields: z
      .array(z.string().min(1))
      .optional()
      .describe("Only these fields (names or IDs) in each record; all fields when empty"),
    maxRecords: z.number().int().min(1).max(1000).default(100).describe("At most this many records (up to 1,000)"),
  }),
  output: z.object({ records: z.array(airtableRecord) }),
  sampleOutput: {
    records: [
      { id: "recX2mQ3zbe5QaZho", createdTime: "2026-11-24T10:15:00.000Z", fields: { Name: "Acme", Status: "Lead" } },
      { id: "recB7nK1wPq2RaTe9", createdTime: "2026-11-24T11:02:31.000Z", fields: { Name: "Globex", Status: "Won" } },
    ],
  },
  describe: ({ table, maxRecords, filterByFormula }) =>
    `Read up to ${maxRecords} records of Airtable table ${quoted(table)}` +
    (filterByFormula ? ` where ${quoted(filterByFormula)}` : ""),
  async run({ http, props }) {
    const { baseId, table, maxRecords, ...options } = props;
    return { records: await fetchRecords(http, baseId, table, options, maxRecords) };
  },
});
