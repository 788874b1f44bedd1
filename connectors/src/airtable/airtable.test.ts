import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { HttpError, NonRetryableError } from "../sdk/errors";
import { pollNewItems } from "../sdk/polling";
import { runAction } from "../sdk/run";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeRoute,
} from "../sdk/testing";
import { createRecord } from "./actions/create-record";
import { listRecords } from "./actions/list-records";
import { airtableAuth } from "./auth";
import { airtable } from "./index";
import { listQuery } from "./records";
import { CURSOR_KEY, FIRST_LOOKBACK_MS, MAX_PER_POLL, OVERLAP_MS, newRecord } from "./triggers/new-record";

const TOKEN = "oaa_airtable_test_token";
const BASE = "appA1b2C3d4E5f6G7";
const TABLE_PATH = `/v0/${BASE}/Sales%20Leads`;

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const authorized = (r: FakeRequest) =>
  r.headers.authorization === `Bearer ${TOKEN}` ? undefined : `authorization was ${r.headers.authorization}`;

/** The trigger's clock in these tests: the fixtures' dates are relative to it, never to today. */
const NOW = Date.parse("2026-11-24T12:00:00.000Z");

async function ctxFor<P extends z.ZodType>(
  routes: FakeRoute[],
  operation: { props: P },
  props: unknown,
  now: () => number = () => NOW,
) {
  api = await startFakeApi(routes.map((r) => ({ ...r, check: (q: FakeRequest) => authorized(q) ?? r.check?.(q) })));
  return createMockContext(operation, {
    connector: airtable,
    props,
    credentials: { accessToken: TOKEN },
    baseUrl: `${api.url}/v0/`,
    now,
  });
}

const record = (id: string, createdTime: string, fields: Record<string, unknown> = { Name: id }) => ({
  id,
  createdTime,
  fields,
});
const unauthorized = {
  status: 401,
  body: { error: { type: "AUTHENTICATION_REQUIRED", message: "Authentication required" } },
};
const authError =
  "Airtable rejected the connection's token (Authentication required [AUTHENTICATION_REQUIRED]); " +
  "reconnect the Airtable account";

const createProps = {
  baseId: BASE,
  table: "Sales Leads",
  fields: { Name: "Acme", Seats: 12, Tags: ["b2b"] },
  typecast: true,
};

describeOperation("airtable.createRecord contract", {
  connector: airtable,
  operation: createRecord,
  props: createProps,
  credentials: { accessToken: TOKEN },
  basePath: "/v0/",
  route: {
    method: "POST",
    path: TABLE_PATH,
    check: (r) => {
      const body = r.json as { records?: { fields?: unknown }[]; typecast?: unknown };
      if (authorized(r)) return authorized(r);
      if (!String(r.headers["content-type"]).startsWith("application/json")) return "not JSON";
      if (
        body.records?.length !== 1 ||
        JSON.stringify(body.records[0]) !== JSON.stringify({ fields: createProps.fields })
      )
        return `records were ${JSON.stringify(body.records)}`;
      return body.typecast === true ? undefined : "typecast not sent";
    },
  },
  ok: {
    body: { records: [record("recNEW1", "2026-11-24T10:15:00.000Z", { Name: "Acme", Seats: 12, Tags: ["b2b"] })] },
  },
  expected: record("recNEW1", "2026-11-24T10:15:00.000Z", { Name: "Acme", Seats: 12, Tags: ["b2b"] }),
  unauthorized,
  unauthorizedError: authError,
  malformed: [
    { body: { records: [] } },
    { body: { records: [{ id: "recNEW1", fields: {} }] } },
    { body: record("recNEW1", "2026-11-24T10:15:00.000Z") },
  ],
});

const listProps = {
  baseId: BASE,
  table: "Sales Leads",
  view: "Open deals",
  filterByFormula: "{Status} = 'Open'",
  sort: [{ field: "Amount", direction: "desc" }],
  fields: ["Name"],
  maxRecords: 50,
};

describeOperation("airtable.listRecords contract", {
  connector: airtable,
  operation: listRecords,
  props: listProps,
  credentials: { accessToken: TOKEN },
  basePath: "/v0/",
  route: {
    method: "GET",
    path: TABLE_PATH,
    check: (r) => {
      const expected = {
        view: "Open deals",
        filterByFormula: "{Status} = 'Open'",
        "sort[0][field]": "Amount",
        "sort[0][direction]": "desc",
        "fields[]": "Name",
        maxRecords: "50",
        pageSize: "50",
      };
      return (
        authorized(r) ??
        (JSON.stringify(r.query) === JSON.stringify(expected) ? undefined : `query was ${JSON.stringify(r.query)}`)
      );
    },
  },
  ok: {
    body: { records: [record("rec1", "2026-11-20T08:00:00.000Z"), record("rec2", "2026-11-21T08:00:00.000Z", {})] },
  },
  expected: { records: [record("rec1", "2026-11-20T08:00:00.000Z"), record("rec2", "2026-11-21T08:00:00.000Z", {})] },
  unauthorized,
  unauthorizedError: authError,
  malformed: [
    { body: { records: "none" } },
    { body: { records: [{ id: 1, createdTime: "2026-11-20T08:00:00.000Z", fields: {} }] } },
    { body: { records: [record("rec1", "yesterday")] } },
  ],
});

describeOperation("airtable.newRecord contract", {
  connector: airtable,
  operation: newRecord,
  props: { baseId: BASE, table: "Sales Leads", view: "Grid view" },
  credentials: { accessToken: TOKEN },
  basePath: "/v0/",
  route: {
    method: "GET",
    path: TABLE_PATH,
    check: (r) =>
      authorized(r) ??
      (r.query.view !== "Grid view"
        ? `view was ${r.query.view}`
        : /^IS_AFTER\(CREATED_TIME\(\), DATETIME_PARSE\('\d{4}-\d\d-\d\dT[\d:.]+Z'\)\)$/.test(
              r.query.filterByFormula ?? "",
            )
          ? undefined
          : `formula was ${r.query.filterByFormula}`),
  },
  // Airtable's order is not creation order; the trigger's output is.
  ok: { body: { records: [record("recB", "2026-11-24T10:00:05.000Z"), record("recA", "2026-11-24T10:00:00.000Z")] } },
  expected: [record("recA", "2026-11-24T10:00:00.000Z"), record("recB", "2026-11-24T10:00:05.000Z")],
  unauthorized,
  unauthorizedError: authError,
  malformed: [
    { body: {} },
    { body: { records: [{ id: "recA", createdTime: "2026-11-24T10:00:00.000Z", fields: null }] } },
  ],
});

describe("airtable list query", () => {
  it("uses Airtable's bracket format, percent-encoded, in a stable order", () => {
    const query = listQuery(
      {
        view: "Grid view",
        filterByFormula: "AND({A}+1>2, {B}='x y')",
        sort: [
          { field: "Name", direction: "asc" },
          { field: "Due", direction: "desc" },
        ],
        fields: ["Name", "Due date"],
      },
      250,
      "itr1/rec2",
    );
    expect(query).toBe(
      "view=Grid%20view&filterByFormula=AND(%7BA%7D%2B1%3E2%2C%20%7BB%7D%3D'x%20y')" +
        "&sort%5B0%5D%5Bfield%5D=Name&sort%5B0%5D%5Bdirection%5D=asc" +
        "&sort%5B1%5D%5Bfield%5D=Due&sort%5B1%5D%5Bdirection%5D=desc" +
        "&fields%5B%5D=Name&fields%5B%5D=Due%20date&maxRecords=250&pageSize=100&offset=itr1%2Frec2",
    );
    expect(listQuery({}, 7)).toBe("maxRecords=7&pageSize=7");
  });
});

describe("airtable.listRecords pagination", () => {
  const pageOf = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => record(`rec${from + i}`, "2026-11-20T08:00:00.000Z"));

  it("follows offset pages until maxRecords, then stops", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "GET",
          path: TABLE_PATH,
          respond: (r, n) =>
            n === 1
              ? { body: { records: pageOf(0, 100), offset: "itrA/rec99" } }
              : r.query.offset === "itrA/rec99"
                ? { body: { records: pageOf(100, 100), offset: "itrB/rec199" } }
                : { status: 400, body: { error: "bad offset" } },
        },
      ],
      listRecords,
      { baseId: BASE, table: "Sales Leads", maxRecords: 150 },
    );
    const out = (await runAction(listRecords, ctx)) as { records: { id: string }[] };
    expect(out.records.map((r) => r.id)).toEqual(pageOf(0, 150).map((r) => r.id));
    expect(api!.requests).toHaveLength(2);
    expect(api!.requests[0]!.query).toMatchObject({ maxRecords: "150", pageSize: "100" });
    expect(api!.requests[0]!.query.offset).toBeUndefined();
  });

  it("stops at the last page, when the answer has no offset", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "GET",
          path: TABLE_PATH,
          respond: (_r, n) =>
            n === 1
              ? { body: { records: pageOf(0, 100), offset: "itrA/rec99" } }
              : { body: { records: pageOf(100, 30) } },
        },
      ],
      listRecords,
      { baseId: BASE, table: "Sales Leads" },
    );
    // maxRecords defaults to 100, so a second page is only read when asked for more.
    expect(((await runAction(listRecords, ctx)) as { records: unknown[] }).records).toHaveLength(100);
    expect(api!.requests).toHaveLength(1);

    const more = await ctxFor(
      [
        {
          method: "GET",
          path: TABLE_PATH,
          respond: (_r, n) =>
            n === 1
              ? { body: { records: pageOf(0, 100), offset: "itrA/rec99" } }
              : { body: { records: pageOf(100, 30) } },
        },
      ],
      listRecords,
      { baseId: BASE, table: "Sales Leads", maxRecords: 1000 },
    );
    expect(((await runAction(listRecords, more)) as { records: unknown[] }).records).toHaveLength(130);
    expect(api!.requests).toHaveLength(2);
  });

  it("refuses a maxRecords above Airtable's cap of 1,000", () => {
    expect(listRecords.props.safeParse({ baseId: BASE, table: "T", maxRecords: 1001 }).success).toBe(false);
    expect(listRecords.props.safeParse({ baseId: "A1b2C3", table: "T" }).success).toBe(false);
  });
});

describe("airtable errors", () => {
  const failWith = async (answer: FakeRoute["respond"]) => {
    const ctx = await ctxFor([{ method: "POST", path: TABLE_PATH, respond: answer }], createRecord, createProps);
    return runAction(createRecord, ctx).then(
      () => expect.unreachable("the call succeeded"),
      (e: unknown) => e as Error,
    );
  };

  it("names what was refused, in Airtable's own words", async () => {
    const forbidden = await failWith({
      status: 403,
      body: {
        error: {
          type: "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND",
          message: "Invalid permissions, or the requested model was not found.",
        },
      },
    });
    expect(forbidden).toBeInstanceOf(NonRetryableError);
    expect(forbidden.message).toBe(
      'Airtable did not let the connection create a record in table "Sales Leads" ' +
        "(Invalid permissions, or the requested model was not found. [INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND]); " +
        "check the base ID and table, " +
        "and reconnect Airtable granting access to this base (and the data.records:read/write scopes)",
    );

    const bareNotFound = await failWith({ status: 404, body: { error: "NOT_FOUND" } });
    expect(bareNotFound).toBeInstanceOf(NonRetryableError);
    expect(bareNotFound.message).toBe(
      'Airtable could not create a record in table "Sales Leads": not found (NOT_FOUND); ' +
        "check the base ID and the table name or ID",
    );

    const tableNotFound = await failWith({
      status: 404,
      body: {
        error: {
          type: "TABLE_NOT_FOUND",
          message: "Could not find table Sales Leads in application appA1b2C3d4E5f6G7",
        },
      },
    });
    expect(tableNotFound.message).toContain(
      "not found (Could not find table Sales Leads in application appA1b2C3d4E5f6G7 [TABLE_NOT_FOUND])",
    );

    const unknownField = await failWith({
      status: 422,
      body: { error: { type: "UNKNOWN_FIELD_NAME", message: 'Unknown field name: "Seats"' } },
    });
    expect(unknownField).toBeInstanceOf(NonRetryableError);
    expect(unknownField.message).toBe(
      'Airtable refused to create a record in table "Sales Leads": Unknown field name: "Seats" [UNKNOWN_FIELD_NAME]',
    );
  });

  it("leaves rate limits and outages to the engine, asking it to wait Airtable's 30 s", async () => {
    const limited = await failWith({ status: 429, body: { errors: [{ error: "RATE_LIMIT_REACHED" }] } });
    expect(limited).toBeInstanceOf(HttpError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 30_000 });

    const hinted = await failWith({ status: 429, headers: { "retry-after": "0" }, body: {} });
    expect(hinted).toMatchObject({ status: 429, retryAfterMs: 0 });

    const down = await failWith({ status: 503, body: { error: { type: "SERVICE_UNAVAILABLE" } } });
    expect(down).toBeInstanceOf(HttpError);
    expect(down).not.toBeInstanceOf(NonRetryableError);
  });
});

describe("airtable connection test", () => {
  it("asks only for the record scopes its operations use", () => {
    expect(airtableAuth).toMatchObject({ scopes: ["data.records:read", "data.records:write"] });
  });

  it("asks who the token belongs to", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "GET",
          path: "/v0/meta/whoami",
          respond: { body: { id: "usrL2PNC5o3H4lBEi", scopes: ["data.records:read"] } },
        },
      ],
      createRecord,
      createProps,
    );
    await expect(airtableAuth.test!({ http: ctx.http })).resolves.toBeUndefined();
    expect(api!.requests).toHaveLength(1);
  });

  it("explains a refused token", async () => {
    const ctx = await ctxFor(
      [{ method: "GET", path: "/v0/meta/whoami", respond: unauthorized }],
      createRecord,
      createProps,
    );
    await expect(airtableAuth.test!({ http: ctx.http })).rejects.toThrow(authError);
  });
});

describe("airtable.newRecord polling", () => {
  const sinceOf = (r: FakeRequest) =>
    /^IS_AFTER\(CREATED_TIME\(\), DATETIME_PARSE\('([^']+)'\)\)$/.exec(r.query.filterByFormula ?? "")?.[1] ??
    "(no formula)";
  /** Answers like Airtable would: only records the trigger's formula admits, in no particular order. */
  const fakeTable = (records: ReturnType<typeof record>[]): FakeRoute => ({
    method: "GET",
    path: TABLE_PATH,
    check: (r) => (Number.isNaN(Date.parse(sinceOf(r))) ? `formula was ${r.query.filterByFormula}` : undefined),
    respond: (r) => ({
      body: { records: records.filter((x) => Date.parse(x.createdTime) > Date.parse(sinceOf(r))).reverse() },
    }),
  });
  const props = { baseId: BASE, table: "Sales Leads" };

  it("records a baseline, then returns each new record once, oldest first, even ones in the same second", async () => {
    const table = [record("recA", "2026-11-24T10:00:00.000Z"), record("recB", "2026-11-24T10:00:05.000Z")];
    const ctx = await ctxFor([fakeTable(table)], newRecord, props);

    expect(await pollNewItems(newRecord, ctx)).toEqual([]);
    expect(sinceOf(api!.requests[0]!)).toBe(new Date(NOW - FIRST_LOOKBACK_MS - OVERLAP_MS).toISOString());
    expect(await ctx.store.get(CURSOR_KEY)).toBe("2026-11-24T10:00:05.000Z");

    // recD shares recB's second: a strict "after the newest seen" query would miss it.
    table.push(record("recC", "2026-11-24T10:00:30.000Z"), record("recD", "2026-11-24T10:00:05.000Z"));
    expect((await pollNewItems<{ id: string }>(newRecord, ctx)).map((r) => r.id)).toEqual(["recD", "recC"]);
    expect(sinceOf(api!.requests[1]!)).toBe("2026-11-24T09:59:55.000Z");
    expect(await ctx.store.get(CURSOR_KEY)).toBe("2026-11-24T10:00:30.000Z");

    expect(await pollNewItems(newRecord, ctx)).toEqual([]);
    expect(sinceOf(api!.requests[2]!)).toBe("2026-11-24T10:00:20.000Z");
  });

  it("keeps the first window fixed while the table stays empty, so later records are not skipped", async () => {
    const table: ReturnType<typeof record>[] = [];
    let clock = NOW;
    const ctx = await ctxFor([fakeTable(table)], newRecord, props, () => clock);

    expect(await pollNewItems(newRecord, ctx)).toEqual([]);
    clock = NOW + 2 * FIRST_LOOKBACK_MS;
    table.push(record("recNew", "2026-11-24T12:05:00.000Z"));
    expect((await pollNewItems<{ id: string }>(newRecord, ctx)).map((r) => r.id)).toEqual(["recNew"]);
    expect(sinceOf(api!.requests[1]!)).toBe(sinceOf(api!.requests[0]!));
    expect(sinceOf(api!.requests[0]!)).toBe(new Date(NOW - FIRST_LOOKBACK_MS - OVERLAP_MS).toISOString());
  });

  describe("when more records are new than one check may fetch", () => {
    /** 2,500 records, two per second, over the 21 minutes after the baseline. */
    const burst = Array.from({ length: 2500 }, (_, i) =>
      record(
        `rec${String(i).padStart(4, "0")}`,
        new Date(NOW - FIRST_LOOKBACK_MS + 60_000 + Math.floor(i / 2) * 1000).toISOString(),
      ),
    );
    const boundOf = (formula: string, fn: string) =>
      new RegExp(`${fn}\\(CREATED_TIME\\(\\), DATETIME_PARSE\\('([^']+)'\\)\\)`).exec(formula)?.[1];
    /**
     * Airtable's list endpoint over a table: formula with an
     * optional upper bound, maxRecords, pages of pageSize, offsets.
     */
    const bigTable = (
      order: (records: ReturnType<typeof record>[]) => ReturnType<typeof record>[],
      table: ReturnType<typeof record>[],
    ): FakeRoute => ({
      method: "GET",
      path: TABLE_PATH,
      respond: (r) => {
        const after = Date.parse(boundOf(r.query.filterByFormula ?? "", "IS_AFTER") ?? "");
        const before = boundOf(r.query.filterByFormula ?? "", "IS_BEFORE");
        const matching = order(
          table.filter(
            (x) =>
              Date.parse(x.createdTime) > after &&
              (before === undefined || Date.parse(x.createdTime) < Date.parse(before)),
          ),
        );
        const capped = matching.slice(0, Number(r.query.maxRecords));
        const from = Number(r.query.offset ?? 0);
        const to = from + Number(r.query.pageSize);
        return { body: { records: capped.slice(from, to), ...(to < capped.length ? { offset: String(to) } : {}) } };
      },
    });

    it.each([
      ["newest first", (rs: ReturnType<typeof record>[]) => [...rs].reverse()],
      ["oldest first", (rs: ReturnType<typeof record>[]) => rs],
      [
        "scrambled",
        (rs: ReturnType<typeof record>[]) =>
          [...rs].sort((a, b) => ((Number(a.id.slice(3)) * 7919) % 2503) - ((Number(b.id.slice(3)) * 7919) % 2503)),
      ],
    ])(
      "returns every record once, in table order %s, never moving the cursor past one it has not fetched",
      async (_name, order) => {
        const table: ReturnType<typeof record>[] = [];
        const ctx = await ctxFor([bigTable(order, table)], newRecord, props);
        expect(await pollNewItems(newRecord, ctx)).toEqual([]);
        table.push(...burst);

        const emitted: string[] = [];
        for (let poll = 0; poll < 10; poll++) {
          const items = await pollNewItems<{ id: string; createdTime: string }>(newRecord, ctx);
          if (!items.length) break;
          expect(items.length).toBeLessThan(MAX_PER_POLL);
          // Nothing created before the stored cursor is still missing.
          const cursor = Date.parse((await ctx.store.get<string>(CURSOR_KEY))!);
          const missing = burst.filter(
            (x) => Date.parse(x.createdTime) < cursor && !emitted.includes(x.id) && !items.some((i) => i.id === x.id),
          );
          expect(missing.map((x) => x.id)).toEqual([]);
          emitted.push(...items.map((i) => i.id));
        }
        expect(emitted).toEqual(burst.map((x) => x.id));
        expect(ctx.logger.lines.filter((l) => l.level === "warn")).toEqual([]);
      },
    );

    it("warns, and still moves on, when more than the limit were created within one second", async () => {
      const table: ReturnType<typeof record>[] = [];
      const ctx = await ctxFor([bigTable((rs) => rs, table)], newRecord, props);
      expect(await pollNewItems(newRecord, ctx)).toEqual([]);
      const second = new Date(NOW - FIRST_LOOKBACK_MS + 500).toISOString();
      table.push(...Array.from({ length: 1200 }, (_, i) => record(`rec${String(i).padStart(4, "0")}`, second)));
      expect(await pollNewItems(newRecord, ctx)).toHaveLength(MAX_PER_POLL);
      expect(ctx.logger.lines.filter((l) => l.level === "warn").map((l) => l.message)).toEqual([
        expect.stringContaining("within a second; some of them may be skipped"),
      ]);
      expect(await ctx.store.get(CURSOR_KEY)).toBe(second);
    });
  });

  it("passes the view and dedupes by record ID", async () => {
    const table = fakeTable([record("recA", "2026-11-24T10:00:00.000Z")]);
    const ctx = await ctxFor(
      [{ ...table, check: (r) => (r.query.view === "viwOpen" ? table.check!(r) : "view missing") }],
      newRecord,
      { ...props, view: "viwOpen" },
    );
    expect(await pollNewItems(newRecord, ctx, { includeExisting: true })).toEqual([
      record("recA", "2026-11-24T10:00:00.000Z"),
    ]);
    expect(newRecord.dedupeKey!(record("recA", "2026-11-24T10:00:00.000Z"))).toBe("recA");
  });
});

describe("airtable definitions", () => {
  it.each([...airtable.actions, ...(airtable.triggers ?? [])].map((op) => [op.name, op] as const))(
    "%s's sample output matches its output schema",
    (_name, op) => {
      expect(op.output.safeParse(op.sampleOutput).success).toBe(true);
    },
  );
});
