import { z } from "zod";
import { defineTrigger } from "../../sdk/define";
import type { HttpClient } from "../../sdk/http/client";
import { airtableRecord, listRecords, tableProps, type AirtableRecord } from "../records";

/** Where the trigger keeps the time before which every record has been fetched. */
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
export const MAX_PER_POLL = 1000;
const SECOND_MS = 1000;

/** Records created after `since` (and before `until`); CREATED_TIME() needs no created-time field in the table. */
export function createdBetween(since: string, until?: string): string {
  const after = `IS_AFTER(CREATED_TIME(), DATETIME_PARSE('${since}'))`;
  return until ? `AND(${after}, IS_BEFORE(CREATED_TIME(), DATETIME_PARSE('${until}')))` : after;
}

const byCreation = (a: AirtableRecord, b: AirtableRecord) =>
  Date.parse(a.createdTime) - Date.parse(b.createdTime) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A tighter upper bound for a query that hit the cap: after the cursor (so the
 * poll makes progress), at most halfway to the current bound (so narrowing ends
 * within log2(seconds) rounds), and no later than the middle fetched record
 * (one round when the order happens to be creation order). Undefined when the
 * cap is hit within a second of the cursor, which no time filter can split.
 */
function narrower(fetched: AirtableRecord[], cursor: number, bound: number): number | undefined {
  const halfway = Math.floor((cursor + (bound - cursor) / 2) / SECOND_MS) * SECOND_MS;
  const middle = Date.parse(fetched[Math.floor(fetched.length / 2)]!.createdTime);
  const candidates = [halfway, middle].filter((t) => t > cursor && t < bound);
  return candidates.length ? Math.min(...candidates) : undefined;
}

interface Query {
  http: HttpClient;
  props: { baseId: string; table: string; view?: string };
}

const fetchCreated = ({ http, props }: Query, since: number, until?: number) =>
  listRecords(
    http,
    props.baseId,
    props.table,
    { view: props.view, filterByFormula: createdBetween(iso(since), until === undefined ? undefined : iso(until)) },
    MAX_PER_POLL,
  ).then((r) => r.sort(byCreation));

export const newRecord = defineTrigger({
  name: "newRecord",
  title: "New record",
  description:
    "Starts for each record added to an Airtable table (or view). " +
    "The first check counts records of the past 24 hours as existing.",
  kind: "poll",
  props: z.object({
    ...tableProps,
    view: z.string().min(1).optional().describe("Only records that appear in this view (name or ID)"),
  }),
  output: airtableRecord,
  sampleOutput: {
    id: "recX2mQ3zbe5QaZho",
    createdTime: "2026-11-24T10:15:00.000Z",
    fields: { Name: "Acme", Status: "Lead" },
  },
  async poll({ http, props, store, logger, now }) {
    const cursor = Date.parse((await store.get<string>(CURSOR_KEY)) ?? iso(now() - FIRST_LOOKBACK_MS));
    const since = cursor - OVERLAP_MS;
    // The API can only sort by a field, and CREATED_TIME() is not one: a capped answer is some
    // MAX_PER_POLL records in table or view order, and moving the cursor past its newest would skip
    // older ones it left out. So the window is narrowed until one query holds all of it.
    let until: number | undefined;
    for (;;) {
      const records = await fetchCreated({ http, props }, since, until);
      const newest = records.length ? Date.parse(records.at(-1)!.createdTime) : cursor;
      if (records.length < MAX_PER_POLL) {
        // Every record before `until` (or seen at all) is in hand. Stored even when nothing was
        // found, so the first poll's window stays fixed rather than sliding with the clock.
        await store.set(CURSOR_KEY, iso(until ?? Math.max(newest, cursor)));
        return records;
      }
      const next = narrower(records, cursor, until ?? newest);
      if (next === undefined) {
        logger.warn(
          "Airtable newRecord: more records than the per-check limit were created within a second; " +
            "some of them may be skipped",
          { table: props.table, limit: MAX_PER_POLL },
        );
        await store.set(CURSOR_KEY, iso(Math.max(newest, cursor)));
        return records;
      }
      until = next;
    }
  },
  dedupeKey: (record) => record.id,
});
