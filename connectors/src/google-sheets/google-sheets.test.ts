import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { NonRetryableError, HttpError } from "../sdk/errors";
import type { HttpClient, HttpRequest } from "../sdk/http/client";
import { connectorMetadata } from "../sdk/metadata";
import { pollNewItems } from "../sdk/polling";
import { runAction } from "../sdk/run";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeResponse,
  type FakeRoute,
  type OperationContract,
} from "../sdk/testing";
import { appendRow } from "./actions/append-row";
import { lookupRow } from "./actions/lookup-row";
import { updateRow } from "./actions/update-row";
import { googleSheetsAuth, USERINFO_URL } from "./auth";
import { googleSheets } from "./index";
import { a1, columnIndex, columnLetter, spreadsheetIdOf } from "./ranges";
import { newRow } from "./triggers/new-row";
import { toRowItem, type RowItem } from "./values";

const TOKEN = "ya29.a0-test-access-token";
const credentials = { accessToken: TOKEN, refreshToken: "1//refresh-token" };
const ID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
const SHEET = "Q1 Leads";
/** The values endpoint's path as Google expects it: the range quoted and percent-encoded. */
const VALUES = `/v4/spreadsheets/${ID}/values/`;
const HEADERS = ["Name", "Email", "Score"];

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const authCheck = (r: FakeRequest) =>
  r.headers.authorization === `Bearer ${TOKEN}` ? undefined : `authorization was ${String(r.headers.authorization)}`;
const checks =
  (...more: ((r: FakeRequest) => string | undefined)[]) =>
  (r: FakeRequest) =>
    [authCheck, ...more].map((c) => c(r)).find(Boolean);
const queryIs = (expected: Record<string, string>) => (r: FakeRequest) =>
  JSON.stringify(r.query) === JSON.stringify(expected) ? undefined : `query was ${JSON.stringify(r.query)}`;
const bodyIs = (expected: unknown) => (r: FakeRequest) =>
  JSON.stringify(r.json) === JSON.stringify(expected) ? undefined : `body was ${r.body}`;

const googleError = (code: number, status: string, message: string): FakeResponse => ({
  status: code,
  body: { error: { code, message, status } },
});
const UNAUTHENTICATED = googleError(
  401,
  "UNAUTHENTICATED",
  "Request had invalid authentication credentials. " +
    "Expected OAuth 2 access token, login cookie or other valid authentication credential.",
);

const headerRoute: FakeRoute = {
  method: "GET",
  path: `${VALUES}'Q1%20Leads'!1%3A1`,
  check: authCheck,
  respond: { body: { range: "'Q1 Leads'!A1:Z1", majorDimension: "ROWS", values: [HEADERS] } },
};
const appended = (row: number, values: string[]) => ({
  spreadsheetId: ID,
  tableRange: `'Q1 Leads'!A1:C${row - 1}`,
  updates: {
    spreadsheetId: ID,
    updatedRange: `'Q1 Leads'!A${row}:C${row}`,
    updatedRows: 1,
    updatedColumns: 3,
    updatedCells: 3,
    updatedData: { range: `'Q1 Leads'!A${row}:C${row}`, majorDimension: "ROWS", values: [values] },
  },
});
const sheetValues = (values: string[][]) => ({
  body: { range: "'Q1 Leads'!A1:Z1000", majorDimension: "ROWS", values },
});

async function ctxFor<P extends z.ZodType>(routes: FakeRoute[], operation: { props: P }, props: unknown) {
  api = await startFakeApi(routes);
  return createMockContext(operation, { connector: googleSheets, props, credentials, baseUrl: `${api.url}/` });
}

describe("A1 notation", () => {
  it("quotes every tab name, doubling quotes", () => {
    expect(a1("Sheet1")).toBe("'Sheet1'");
    expect(a1("Bob's leads", "A2:ZZZ")).toBe("'Bob''s leads'!A2:ZZZ");
  });

  it("converts column letters both ways, up to Sheets' last column", () => {
    expect([0, 25, 26, 701, 702, 18_277].map(columnLetter)).toEqual(["A", "Z", "AA", "ZZ", "AAA", "ZZZ"]);
    expect(["A", "z", "AA", "ZZZ"].map(columnIndex)).toEqual([0, 25, 26, 18_277]);
    expect(["A1", "", "ABCD", "É"].map(columnIndex)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("takes a spreadsheet URL as well as its ID", () => {
    expect(spreadsheetIdOf(`https://docs.google.com/spreadsheets/d/${ID}/edit#gid=0`)).toBe(ID);
    expect(spreadsheetIdOf(` ${ID} `)).toBe(ID);
  });
});

describe("rows as the operations return them", () => {
  it("pads values to the header width and keys them by header, skipping blank and repeated headers", () => {
    expect(toRowItem(4, ["Ann", "ann@example.com"], ["Name", "Email", "", "Name", "Notes"])).toEqual({
      rowNumber: 4,
      values: ["Ann", "ann@example.com", "", "", ""],
      record: { Name: "Ann", Email: "ann@example.com", Notes: "" },
    });
    expect(toRowItem(2, ["a", "b", "c"], ["Only"]).values).toEqual(["a", "b", "c"]);
  });
});

describe("google-sheets.appendRow", () => {
  const post = (
    expectedBody: unknown,
    query = { valueInputOption: "USER_ENTERED", insertDataOption: "INSERT_ROWS", includeValuesInResponse: "true" },
  ): Omit<FakeRoute, "respond"> => ({
    method: "POST",
    path: `${VALUES}'Q1%20Leads'!A1:append`,
    check: checks(queryIs(query), bodyIs(expectedBody)),
  });

  it("lays a header-keyed record out under its header row, names matched loosely, other cells left null", async () => {
    const ctx = await ctxFor(
      [
        headerRoute,
        {
          ...post({ majorDimension: "ROWS", values: [[null, "ann@example.com", 42]] }),
          respond: { body: appended(12, ["", "ann@example.com", "42"]) },
        },
      ],
      appendRow,
      {
        spreadsheetId: ID,
        sheet: SHEET,
        values: { " score ": 42, Email: "ann@example.com" },
      },
    );
    expect(await runAction(appendRow, ctx)).toEqual({
      updatedRange: "'Q1 Leads'!A12:C12",
      rowNumber: 12,
      values: ["", "ann@example.com", "42"],
    });
  });

  it("passes RAW through and reports the row Sheets wrote", async () => {
    const query = { valueInputOption: "RAW", insertDataOption: "INSERT_ROWS", includeValuesInResponse: "true" };
    const ctx = await ctxFor(
      [
        {
          ...post({ majorDimension: "ROWS", values: [["=1+1", true, null]] }, query),
          respond: { body: appended(3, ["=1+1", "TRUE"]) },
        },
      ],
      appendRow,
      {
        spreadsheetId: ID,
        sheet: SHEET,
        values: ["=1+1", true, null],
        valueInputOption: "RAW",
      },
    );
    expect(await runAction(appendRow, ctx)).toMatchObject({ rowNumber: 3, values: ["=1+1", "TRUE"] });
  });

  it("refuses a record naming a column the header row lacks, before writing anything", async () => {
    const ctx = await ctxFor([headerRoute], appendRow, {
      spreadsheetId: ID,
      sheet: SHEET,
      values: { Name: "Ann", Phone: "555" },
    });
    await expect(runAction(appendRow, ctx)).rejects.toThrow(
      new NonRetryableError(
        'Google Sheets: no column "Phone" in the header row of "Q1 Leads" (headers: Name, Email, Score)',
      ),
    );
    expect(api!.requests.map((r) => r.method)).toEqual(["GET"]);
  });
});

describe("google-sheets.updateRow", () => {
  it("writes a list from column A across exactly the row's cells", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "PUT",
          path: `${VALUES}'Q1%20Leads'!A5%3AB5`,
          check: checks(
            queryIs({ valueInputOption: "USER_ENTERED" }),
            bodyIs({ majorDimension: "ROWS", values: [["Bob", "bob@example.com"]] }),
          ),
          respond: {
            body: {
              spreadsheetId: ID,
              updatedRange: "'Q1 Leads'!A5:B5",
              updatedRows: 1,
              updatedColumns: 2,
              updatedCells: 2,
            },
          },
        },
      ],
      updateRow,
      {
        spreadsheetId: `https://docs.google.com/spreadsheets/d/${ID}/edit`,
        sheet: SHEET,
        rowNumber: 5,
        values: ["Bob", "bob@example.com"],
      },
    );
    expect(await runAction(updateRow, ctx)).toEqual({ updatedRange: "'Q1 Leads'!A5:B5", updatedCells: 2 });
  });

  it("reads a missing updatedCells as zero, as Google leaves zero counts out", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "PUT",
          path: `${VALUES}'Q1%20Leads'!A2%3AA2`,
          respond: { body: { spreadsheetId: ID, updatedRange: "'Q1 Leads'!A2" } },
        },
      ],
      updateRow,
      {
        spreadsheetId: ID,
        sheet: SHEET,
        rowNumber: 2,
        values: [null],
      },
    );
    expect(await runAction(updateRow, ctx)).toEqual({ updatedRange: "'Q1 Leads'!A2", updatedCells: 0 });
  });
});

describe("google-sheets.lookupRow", () => {
  const sheet = [
    ["ID", "Name", "Email"],
    ["7", "Bob", "bob@example.com"],
    [],
    ["9", "Ann"],
    ["11", "Ann", "ann@example.com"],
  ];
  const lookup = async (column: string, value: string | number) => {
    const ctx = await ctxFor(
      [{ method: "GET", path: `${VALUES}'Q1%20Leads'`, check: authCheck, respond: sheetValues(sheet) }],
      lookupRow,
      { spreadsheetId: ID, sheet: SHEET, column, value },
    );
    try {
      return await runAction(lookupRow, ctx);
    } finally {
      await api!.close();
      api = undefined;
    }
  };

  it("returns the first matching data row, by header or by column letter", async () => {
    expect(await lookup("Name", "Ann")).toEqual({
      found: true,
      rowNumber: 4,
      values: ["9", "Ann", ""],
      record: { ID: "9", Name: "Ann", Email: "" },
    });
    expect(await lookup("C", "ann@example.com")).toMatchObject({ found: true, rowNumber: 5 });
    // A header that looks like a column letter is the header.
    expect(await lookup("ID", 11)).toMatchObject({ found: true, rowNumber: 5 });
  });

  it("never matches the header row, and says found: false when nothing matches", async () => {
    expect(await lookup("Name", "Name")).toEqual({ found: false });
    expect(await lookup("Email", "ANN@example.com")).toEqual({ found: false });
  });

  it("names the headers when the column is unknown", async () => {
    await expect(lookup("Phone number", "1")).rejects.toThrow(
      'no column "Phone number" in the header row of "Q1 Leads" (headers: ID, Name, Email)',
    );
  });
});

describe("Google error mapping", () => {
  const read = async (answer: FakeResponse) => {
    const ctx = await ctxFor([{ method: "GET", path: `${VALUES}'Q1%20Leads'`, respond: answer }], lookupRow, {
      spreadsheetId: ID,
      sheet: SHEET,
      column: "A",
      value: "x",
    });
    return runAction(lookupRow, ctx).then(
      () => expect.unreachable("the call succeeded"),
      (e: unknown) => e as Error,
    );
  };

  it("404: names the spreadsheet", async () => {
    const err = await read(googleError(404, "NOT_FOUND", "Requested entity was not found."));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe(
      `Google Sheets: spreadsheet "${ID}" was not found (Requested entity was not found.); ` +
        "check the spreadsheet ID and that the connected Google account can open it",
    );
  });

  it("403: access to the file or the scope", async () => {
    const err = await read(googleError(403, "PERMISSION_DENIED", "The caller does not have permission"));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(
      /^Google Sheets denied access to spreadsheet "[^"]+" \(The caller does not have permission\); check that the connected Google account can edit it, and reconnect/,
    );
  });

  it("400: Google's message, with a hint when the tab does not exist", async () => {
    const err = await read(googleError(400, "INVALID_ARGUMENT", "Unable to parse range: 'Q1 Leads'"));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe(
      "Google Sheets refused the request: Unable to parse range: 'Q1 Leads'; " +
        "check that the sheet (tab) name exists in the spreadsheet",
    );
  });

  it("5xx stays an HttpError for the engine to retry", async () => {
    const err = await read(googleError(503, "UNAVAILABLE", "The service is currently unavailable."));
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(503);
  });
});

describe("google-sheets auth", () => {
  const stubHttp = (answer: (req: HttpRequest) => unknown) => {
    const seen: HttpRequest[] = [];
    const http: HttpClient = {
      request: async <T>(req: HttpRequest) => {
        seen.push(req);
        return { status: 200, headers: {}, body: answer(req) as T };
      },
      resolveHost: async (h) => h,
      close: async () => undefined,
    };
    return { http, seen };
  };

  it("asks Google for a refresh token and the spreadsheets scope, with PKCE", () => {
    expect(googleSheetsAuth).toMatchObject({
      kind: "oauth2",
      authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: "https://oauth2.googleapis.com/token",
      pkce: true,
      extraParams: { access_type: "offline", prompt: "consent" },
    });
    expect(googleSheetsAuth.kind === "oauth2" && googleSheetsAuth.scopes).toContain(
      "https://www.googleapis.com/auth/spreadsheets",
    );
  });

  it("Test connection asks userinfo who the token belongs to", async () => {
    const { http, seen } = stubHttp(() => ({ sub: "1234567890", email: "ann@example.com", email_verified: true }));
    await googleSheetsAuth.test!({ http });
    expect(seen.map((r) => r.url)).toEqual([USERINFO_URL]);
  });

  it("Test connection reports a refused token clearly", async () => {
    const { http } = stubHttp(() => {
      throw new HttpError(401, JSON.stringify(UNAUTHENTICATED.body), undefined, USERINFO_URL);
    });
    await expect(googleSheetsAuth.test!({ http })).rejects.toThrow(
      /^Google rejected the connection's token \(Request had invalid authentication credentials\..*\); reconnect the Google account$/,
    );
  });

  it("describes every operation for the UI", () => {
    const meta = connectorMetadata(googleSheets);
    expect(meta.actions.map((a) => a.name)).toEqual(["appendRow", "updateRow", "lookupRow"]);
    expect(meta.triggers.map((t) => t.name)).toEqual(["newRow"]);
    for (const op of [...googleSheets.actions, ...googleSheets.triggers!])
      expect(op.output.safeParse(op.sampleOutput).success).toBe(true);
  });
});

/**
 * A fake sheet behind the values endpoint, answering the ranges the trigger
 * reads the way Sheets does: trailing empty rows left out, `values` absent
 * when empty, and a 400 for a range that starts below the grid.
 */
function fakeSheet(state: { rows: string[][]; spareRows: number; headerFails?: boolean }): FakeRoute[] {
  const answer = (from: number) => (): FakeResponse => {
    const gridRows = state.rows.length + state.spareRows;
    if (from > gridRows)
      return googleError(
        400,
        "INVALID_ARGUMENT",
        `Range ('Q1 Leads'!A${from}:ZZZ) exceeds grid limits. Max rows: ${gridRows}, max columns: 26`,
      );
    const values = state.rows.slice(from - 1);
    while (values.length && values.at(-1)!.every((v) => v === "")) values.pop();
    return {
      body: { range: `'Q1 Leads'!A${from}:Z${gridRows}`, majorDimension: "ROWS", ...(values.length ? { values } : {}) },
    };
  };
  const route = (range: string, respond: FakeRoute["respond"]): FakeRoute => ({
    method: "GET",
    path: `${VALUES}${encodeURIComponent(range)}`,
    check: authCheck,
    respond,
  });
  return [
    route("'Q1 Leads'", answer(1)),
    route("'Q1 Leads'!1:1", () =>
      state.headerFails
        ? googleError(403, "PERMISSION_DENIED", "The caller does not have permission")
        : { body: { values: state.rows.slice(0, 1) } },
    ),
    ...Array.from({ length: 15 }, (_, i) => route(`'Q1 Leads'!A${i + 1}:ZZZ`, answer(i + 1))),
  ];
}

describe("google-sheets.newRow", () => {
  async function trigger(rows: string[][], spareRows = 100) {
    const state: Parameters<typeof fakeSheet>[0] = { rows, spareRows };
    const ctx = await ctxFor(fakeSheet(state), newRow, { spreadsheetId: ID, sheet: SHEET });
    const poll = async () =>
      (await pollNewItems<RowItem>(newRow, ctx)).map((r) => `${r.rowNumber}:${r.values.join("|")}`);
    const ranges = () => api!.requests.splice(0).map((r) => decodeURIComponent(r.path.slice(VALUES.length)));
    return { state, ctx, poll, ranges };
  }

  it("records what exists on the first poll, then reads only from the last seen row on", async () => {
    const t = await trigger([HEADERS, ["Ann", "a@x", "1"], ["Bob", "b@x", "2"]]);
    expect(await t.poll()).toEqual([]);
    expect(t.ranges()).toEqual(["'Q1 Leads'"]);

    t.state.rows.push(["Cy", "c@x"], [], ["Di", "d@x", "4"]);
    const items = await pollNewItems<RowItem>(newRow, t.ctx);
    expect(items).toEqual([
      { rowNumber: 4, values: ["Cy", "c@x", ""], record: { Name: "Cy", Email: "c@x", Score: "" } },
      { rowNumber: 6, values: ["Di", "d@x", "4"], record: { Name: "Di", Email: "d@x", Score: "4" } },
    ]);
    expect(t.ranges()).toEqual(["'Q1 Leads'!A3:ZZZ", "'Q1 Leads'!1:1"]);

    expect(await t.poll()).toEqual([]);
    // Nothing new: one read, and no header read.
    expect(t.ranges()).toEqual(["'Q1 Leads'!A6:ZZZ"]);
  });

  it("resumes after rows are deleted, and emits a new row that reuses a row number already seen", async () => {
    const t = await trigger([HEADERS, ["Ann"], ["Bob"], ["Cy"], ["Di"]], 0);
    await t.poll();
    t.ranges();
    t.state.rows.splice(3, 2);
    // The grid shrank below the cursor: Sheets refuses the range, and the trigger re-reads the sheet.
    expect(await t.poll()).toEqual([]);
    expect(t.ranges()).toEqual(["'Q1 Leads'!A5:ZZZ", "'Q1 Leads'"]);

    t.state.rows.push(["Eve"]);
    expect(await t.poll()).toEqual(["4:Eve||"]);
    expect(t.ranges()).toEqual(["'Q1 Leads'!A3:ZZZ", "'Q1 Leads'!1:1"]);
  });

  it("finds its row again after rows above it are deleted or inserted: no new row is missed or repeated", async () => {
    const t = await trigger([HEADERS, ["Ann"], ["Bob"], ["Cy"]]);
    await t.poll();
    t.state.rows.splice(1, 1);
    t.state.rows.push(["Di"]);
    expect(await t.poll()).toEqual(["4:Di||"]);

    t.state.rows.splice(1, 0, ["Inserted above"]);
    expect(await t.poll()).toEqual([]);
    t.state.rows.push(["Eve"]);
    expect(await t.poll()).toEqual(["6:Eve||"]);
  });

  it("keeps going when the last row is edited as a new row arrives", async () => {
    const t = await trigger([HEADERS, ["Ann", "a@x"]]);
    await t.poll();
    t.state.rows[1] = ["Ann", "a@x", "done"];
    t.state.rows.push(["Bob"]);
    expect(await t.poll()).toEqual(["3:Bob||"]);
  });

  it("starts from an empty sheet", async () => {
    const t = await trigger([]);
    expect(await t.poll()).toEqual([]);
    t.state.rows.push(HEADERS, ["Ann", "a@x", "1"]);
    expect(await t.poll()).toEqual(["2:Ann|a@x|1"]);
    expect(await t.ctx.store.get("cursor")).toMatchObject({ lastRow: 2 });
  });

  it("leaves the cursor where it was when a poll fails, so the rows come on the next one", async () => {
    const t = await trigger([HEADERS, ["Ann"]]);
    await t.poll();
    t.state.rows.push(["Bob"]);
    t.state.headerFails = true;
    await expect(t.poll()).rejects.toThrow(NonRetryableError);
    expect(await t.ctx.store.get("cursor")).toMatchObject({ lastRow: 2 });
    t.state.headerFails = false;
    expect(await t.poll()).toEqual(["3:Bob||"]);
  });
});

const unauthorized = {
  unauthorized: UNAUTHENTICATED,
  unauthorizedError: "Google rejected the connection's token (Request had invalid authentication credentials.",
};
const contracts: [
  string,
  Omit<OperationContract, "connector" | "credentials" | "unauthorized" | "unauthorizedError">,
][] = [
  [
    "google-sheets.appendRow",
    {
      operation: appendRow,
      props: { spreadsheetId: ID, sheet: SHEET, values: ["Ann", "ann@example.com", 42] },
      route: {
        method: "POST",
        path: `${VALUES}'Q1%20Leads'!A1:append`,
        check: checks(
          queryIs({
            valueInputOption: "USER_ENTERED",
            insertDataOption: "INSERT_ROWS",
            includeValuesInResponse: "true",
          }),
          bodyIs({ majorDimension: "ROWS", values: [["Ann", "ann@example.com", 42]] }),
        ),
      },
      ok: { body: appended(12, ["Ann", "ann@example.com", "42"]) },
      expected: { updatedRange: "'Q1 Leads'!A12:C12", rowNumber: 12, values: ["Ann", "ann@example.com", "42"] },
      malformed: [
        { body: { spreadsheetId: ID } },
        { body: { updates: { updatedRange: "'Q1 Leads'" } } },
        { body: { updates: { updatedRange: 12 } } },
      ],
    },
  ],
  [
    "google-sheets.updateRow",
    {
      operation: updateRow,
      props: { spreadsheetId: ID, sheet: SHEET, rowNumber: 7, values: { Score: 43, Email: "ann@new.example" } },
      before: [headerRoute],
      route: {
        method: "PUT",
        path: `${VALUES}'Q1%20Leads'!A7%3AC7`,
        check: checks(
          queryIs({ valueInputOption: "USER_ENTERED" }),
          bodyIs({ majorDimension: "ROWS", values: [[null, "ann@new.example", 43]] }),
        ),
      },
      ok: {
        body: {
          spreadsheetId: ID,
          updatedRange: "'Q1 Leads'!A7:C7",
          updatedRows: 1,
          updatedColumns: 2,
          updatedCells: 2,
        },
      },
      expected: { updatedRange: "'Q1 Leads'!A7:C7", updatedCells: 2 },
      malformed: [{ body: { spreadsheetId: ID } }, { body: { updatedRange: "'Q1 Leads'!A7:C7", updatedCells: "2" } }],
    },
  ],
  [
    "google-sheets.lookupRow",
    {
      operation: lookupRow,
      props: { spreadsheetId: ID, sheet: SHEET, column: "email", value: "ann@example.com" },
      route: { method: "GET", path: `${VALUES}'Q1%20Leads'`, check: authCheck },
      ok: sheetValues([HEADERS, ["Bob", "bob@example.com", "7"], ["Ann", "ann@example.com", "42"]]),
      expected: {
        found: true,
        rowNumber: 3,
        values: ["Ann", "ann@example.com", "42"],
        record: { Name: "Ann", Email: "ann@example.com", Score: "42" },
      },
      malformed: [{ body: { values: "Name,Email" } }, { body: { values: [["Name", 1]] } }],
    },
  ],
  [
    "google-sheets.newRow",
    {
      operation: newRow,
      props: { spreadsheetId: ID, sheet: SHEET },
      route: { method: "GET", path: `${VALUES}'Q1%20Leads'`, check: authCheck },
      ok: sheetValues([HEADERS, ["Ann", "ann@example.com", "42"]]),
      expected: [
        {
          rowNumber: 2,
          values: ["Ann", "ann@example.com", "42"],
          record: { Name: "Ann", Email: "ann@example.com", Score: "42" },
        },
      ],
      malformed: [{ body: { values: [["Name", { formula: "=A1" }]] } }, { body: [] }],
    },
  ],
];
for (const [name, c] of contracts)
  describeOperation(`${name} contract`, { connector: googleSheets, credentials, ...unauthorized, ...c });
