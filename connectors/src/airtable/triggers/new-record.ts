import { z } from "zod";
import { defineTrigger } from "../../sdk/define";
import { airtableRecord, listRecords, tableProps, type AirtableRecord } from "../records";

/** Where the trigger keeps the newest createdTime it has seen. */
export const CURSOR_KEY = "createdSince";
/** With no cursor yet, records created this long ago count as existing (the first poll's baseline). */
export const FIRST_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/**
 * Each query reaches back this far before the cursor, so records created in the
 * same second as the newest seen one (createdTime has whole seconds) and records
 * that become visible a moment late are still found; pollNewItems drops the
 * repeats by record ID.
 */
export const OVERLAP_MS = 10_000;
/** Matches the polling dedupe window, so the overlap's repeats are always recognised. */
const MAX_PER_POLL = 1000;

/** Records created after `since`; CREATED_TIME() needs no created-time field in the table. */
export const createdAfter = (since: string) => `IS_AFTER(CREATED_TIME(), DATETIME_PARSE('${since}'))`;

const byCreation = (a: AirtableRecord, b: AirtableRecord) => Date.parse(a.createdTime) - Date.parse(b.createdTime) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const newRecord = defineTrigger({
  name: "newRecord",
  title: "New record",
  description: "Starts for each record added to an Airtable table (or view). The first check counts records of the past 24 hours as existing.",
  kind: "poll",
  props: z.object({ ...tableProps, view: z.string().min(1).optional().describe("Only records that appear in this view (name or ID)") }),
  output: airtableRecord,
  sampleOutput: { id: "recX2mQ3zbe5QaZho", createdTime: "2026-11-24T10:15:00.000Z", fields: { Name: "Acme", Status: "Lead" } },
  async poll({ http, props, store, logger }) {
    const cursor = (await store.get<string>(CURSOR_KEY)) ?? new Date(Date.now() - FIRST_LOOKBACK_MS).toISOString();
    const since = new Date(Date.parse(cursor) - OVERLAP_MS).toISOString();
    // The API can only sort by a field, and CREATED_TIME() is not one, so the order is made here.
    const records = (await listRecords(http, props.baseId, props.table, { view: props.view, filterByFormula: createdAfter(since) }, MAX_PER_POLL)).sort(byCreation);
    if (records.length >= MAX_PER_POLL) logger.warn("Airtable newRecord: the per-check limit was reached; records beyond it may be skipped", { table: props.table, limit: MAX_PER_POLL });
    const newest = records.at(-1)?.createdTime;
    // Stored even when nothing was found, so the first poll's window stays fixed rather than sliding with the clock.
    await store.set(CURSOR_KEY, newest && Date.parse(newest) > Date.parse(cursor) ? newest : cursor);
    return records;
  },
  dedupeKey: (record) => record.id,
});
