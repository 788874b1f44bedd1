import { z } from "zod";
import { defineAction } from "../../sdk/define";
import { quoted, withFields } from "../../sdk/describe";
import { airtableCall, tablePath } from "../client";
import { airtableRecord, tableProps } from "../records";

export const createRecord = defineAction({
  name: "createRecord",
  effect: "write",
  title: "Create record",
  description: "Add a record (a row) to an Airtable table.",
  props: z.object({
    ...tableProps,
    fields: z
      .record(z.string(), z.unknown())
      .describe('Cell values keyed by field name (or field ID), e.g. { "Name": "Acme", "Status": "Lead" }'),
    typecast: z
      .boolean()
      .default(false)
      .describe(
        "Let Airtable convert text to the field's type (e.g. create missing select options); off keeps data exact",
      ),
  }),
  output: airtableRecord,
  sampleOutput: {
    id: "recX2mQ3zbe5QaZho",
    createdTime: "2026-11-24T10:15:00.000Z",
    fields: { Name: "Acme", Status: "Lead" },
  },
  describe: ({ table, fields }) => withFields(`Create a record in Airtable table ${quoted(table)}`, fields),
  async run({ http, props }) {
    // The documented multi-record form (`records: [...]`), with one record; its answer is a list too.
    const answer = await airtableCall(
      http,
      `create a record in table "${props.table}"`,
      {
        method: "POST",
        url: tablePath(props.baseId, props.table),
        body: { records: [{ fields: props.fields }], typecast: props.typecast },
      },
      z.object({ records: z.tuple([airtableRecord]) }),
    );
    return answer.records[0];
  },
});
