import { z } from "zod";
import { ApiError } from "../http/errors";
import { textProblem } from "../http/input-policy";

/** `limit` and `cursor` query parameters shared by every list endpoint. */
export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int("limit must be an integer")
    .min(1, "limit must be at least 1")
    .max(100, "limit must be at most 100")
    .default(20),
  cursor: z.string().min(1).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

interface Keyed {
  id: string;
  createdAt: Date;
}

/** Stable newest-first order; the id breaks ties between rows created in the same millisecond. */
export const newestFirst = [{ createdAt: "desc" }, { id: "desc" }] as const satisfies {
  createdAt?: "desc";
  id?: "desc";
}[];

/** Opaque to clients: base64url of the last row's sort key. */
export const encodeCursor = (row: Keyed) =>
  Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");

/** A `toISOString()` of years 1 to 9999: what encodeCursor writes, and what Postgres takes. */
const ISO_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    // Anything else, even a date JavaScript takes, may be one Postgres refuses.
    if (
      typeof id === "string" &&
      !textProblem(id) &&
      typeof at === "string" &&
      ISO_INSTANT.test(at) &&
      !Number.isNaN(createdAt.getTime()) &&
      createdAt.toISOString() === at
    )
      return { createdAt, id };
  } catch {
    // fall through
  }
  throw new ApiError(400, "invalid_cursor", "cursor is not one this API returned; start again without it.");
}

/** The `where` clause selecting rows strictly after this one in `newestFirst` order. */
const afterRow = ({ createdAt, id }: Keyed) => ({
  OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }],
});

/** The `where` clause selecting rows strictly after the cursor in `newestFirst` order. */
export function afterCursor(cursor: string | undefined) {
  return cursor ? afterRow(decodeCursor(cursor)) : {};
}

/** Queries `limit + 1` rows through `fetch`, and turns the extra one into `nextCursor`. */
export async function paginate<R extends Keyed, T>(
  query: PageQuery,
  fetch: (args: { take: number; where: ReturnType<typeof afterCursor> }) => Promise<R[]>,
  view: (row: R) => T,
): Promise<Page<T>> {
  const rows = await fetch({ take: query.limit + 1, where: afterCursor(query.cursor) });
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  return { items: page.map(view), nextCursor: more ? encodeCursor(page[page.length - 1]!) : null };
}

/** The most rows one page of `paginateKept` looks at, in batches of SCAN_BATCH. */
const MAX_SCANNED = 1_000;
const SCAN_BATCH = 200;

/**
 * Like paginate, for rows a rule written in code keeps or drops: it scans light rows newest first,
 * keeps up to `limit`, and reads only those whole (`load`, any order). Bounded: after MAX_SCANNED
 * rows it stops, and the page, short or even empty, has a `nextCursor` to go on from.
 */
export async function paginateKept<S extends Keyed, R extends { id: string }, T>(
  query: PageQuery,
  scan: (args: { take: number; where: ReturnType<typeof afterCursor> }) => Promise<S[]>,
  keep: (row: S) => boolean,
  load: (ids: string[]) => Promise<R[]>,
  view: (row: R) => T,
): Promise<Page<T>> {
  const kept: S[] = [];
  let where = afterCursor(query.cursor);
  let [scanned, exhausted, last] = [0, false, undefined as S | undefined];
  while (kept.length <= query.limit && scanned < MAX_SCANNED && !exhausted) {
    const batch = await scan({ take: SCAN_BATCH, where });
    exhausted = batch.length < SCAN_BATCH;
    for (const row of batch) {
      [scanned, last] = [scanned + 1, row];
      if (keep(row) && kept.push(row) > query.limit) break;
    }
    if (last) where = afterRow(last);
  }
  const more = kept.length > query.limit;
  const page = kept.slice(0, query.limit);
  // Stopped by the bound rather than the end: go on after the last row looked at, kept or not.
  const resumeAfter = more ? page.at(-1) : exhausted ? undefined : last;
  const rows = new Map((await load(page.map((r) => r.id))).map((r) => [r.id, r]));
  return {
    items: page.flatMap((r) => (rows.has(r.id) ? [view(rows.get(r.id)!)] : [])),
    nextCursor: resumeAfter ? encodeCursor(resumeAfter) : null,
  };
}

/** Parses query parameters (or a body) with a zod schema; 400 with every problem otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, code = "invalid_request"): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
  throw new ApiError(400, code, errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
}
