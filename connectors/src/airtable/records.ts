import { z } from "zod";
import type { HttpClient } from "../sdk/http/client";
import { airtableCall, tablePath } from "./client";

/** A record as the API returns it; empty cells are left out of `fields`. */
export const airtableRecord = z.object({
  id: z.string().min(1),
  createdTime: z.iso.datetime({ offset: true }),
  fields: z.record(z.string(), z.unknown()),
});
export type AirtableRecord = z.infer<typeof airtableRecord>;

/** The props every operation on one table needs. */
export const tableProps = {
  baseId: z
    .string()
    .regex(/^app[A-Za-z0-9]+$/, 'an Airtable base ID starts with "app"')
    .describe("The base's ID (appXXXXXXXXXXXXXX), the part after airtable.com/ in the base's URL"),
  table: z
    .string()
    .min(1)
    .describe("The table's name or ID (tblXXXXXXXXXXXXXX); the ID keeps working when the table is renamed"),
};

const page = z.object({ records: z.array(airtableRecord), offset: z.string().min(1).optional() });

/** Airtable's maximum page size. */
const PAGE_SIZE = 100;

export interface ListOptions {
  view?: string;
  filterByFormula?: string;
  sort?: { field: string; direction: "asc" | "desc" }[];
  fields?: string[];
}

/**
 * The list-records query string in Airtable's bracket format (sort[0][field]=…,
 * fields[]=…), percent-encoded throughout: Airtable documents encoded brackets,
 * and `+` for spaces would be ambiguous inside formulas.
 */
export function listQuery(o: ListOptions, limit: number, offset?: string): string {
  const params: [string, string][] = [];
  if (o.view) params.push(["view", o.view]);
  if (o.filterByFormula) params.push(["filterByFormula", o.filterByFormula]);
  o.sort?.forEach((s, i) => params.push([`sort[${i}][field]`, s.field], [`sort[${i}][direction]`, s.direction]));
  for (const field of o.fields ?? []) params.push(["fields[]", field]);
  params.push(["maxRecords", String(limit)], ["pageSize", String(Math.min(PAGE_SIZE, limit))]);
  if (offset) params.push(["offset", offset]);
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

/** Up to `limit` records, following Airtable's `offset` pages. */
export async function listRecords(
  http: HttpClient,
  baseId: string,
  table: string,
  o: ListOptions,
  limit: number,
): Promise<AirtableRecord[]> {
  const records: AirtableRecord[] = [];
  let offset: string | undefined;
  do {
    const answer = await airtableCall(
      http,
      `list the records of table "${table}"`,
      { url: `${tablePath(baseId, table)}?${listQuery(o, limit, offset)}` },
      page,
    );
    records.push(...answer.records);
    offset = answer.offset;
  } while (offset && records.length < limit);
  return records.slice(0, limit);
}
