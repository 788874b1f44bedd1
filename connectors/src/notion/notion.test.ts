import { afterEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { HttpError, NonRetryableError } from "../sdk/errors";
import { runAction } from "../sdk/run";
import {
  createMockContext,
  describeOperation,
  startFakeApi,
  type FakeApi,
  type FakeRequest,
  type FakeRoute,
} from "../sdk/testing";
import { createDatabasePage } from "./actions/create-database-page";
import { queryDatabase } from "./actions/query-database";
import { notionAuth } from "./auth";
import { databaseIdFrom } from "./client";
import { contentBlocks } from "./content";
import { toRichText } from "./rich-text";
import { notion } from "./index";

const TOKEN = "ntn_secret_token_123";
const DB = "8e2c5f1a9b3d4e6f8a7b6c5d4e3f2a1b";
const PAGE_ID = "59833787-2cf9-4fdf-8782-e53db20768a5";

let api: FakeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Notion needs both on every call; the fake refuses requests without them. */
const notionHeaders = (r: FakeRequest) =>
  r.headers.authorization !== `Bearer ${TOKEN}`
    ? `authorization was ${r.headers.authorization}`
    : r.headers["notion-version"] !== "2022-06-28"
      ? `Notion-Version was ${r.headers["notion-version"]}`
      : undefined;

async function ctxFor<P extends z.ZodType>(routes: FakeRoute[], operation: { props: P }, props: unknown) {
  api = await startFakeApi(routes.map((r) => ({ ...r, check: (q: FakeRequest) => notionHeaders(q) ?? r.check?.(q) })));
  return createMockContext(operation, {
    connector: notion,
    props,
    credentials: { accessToken: TOKEN },
    baseUrl: `${api.url}/v1/`,
  });
}

const database = {
  object: "database",
  id: DB,
  title: [{ type: "text", text: { content: "Tasks" }, plain_text: "Tasks" }],
  properties: Object.fromEntries(
    Object.entries({
      Name: "title",
      Notes: "rich_text",
      Estimate: "number",
      Done: "checkbox",
      Status: "status",
      Priority: "select",
      Tags: "multi_select",
      Due: "date",
      Link: "url",
      Email: "email",
      Phone: "phone_number",
      Owner: "people",
      Project: "relation",
      Created: "created_time",
      Attachments: "files",
    }).map(([name, type]) => [name, { id: name.slice(0, 4), name, type, [type]: {} }]),
  ),
};
const getDatabase: FakeRoute = { method: "GET", path: `/v1/databases/${DB}`, respond: { body: database } };

const rich = (text: string) => [
  { type: "text", text: { content: text, link: null }, annotations: { bold: false }, plain_text: text, href: null },
];
/** A page as Notion returns it, with the given property values. */
const pageBody = (properties: Record<string, unknown>, id = PAGE_ID) => ({
  object: "page",
  id,
  created_time: "2026-02-10T09:30:00.000Z",
  last_edited_time: "2026-02-11T16:05:00.000Z",
  archived: false,
  parent: { type: "database_id", database_id: DB },
  url: `https://www.notion.so/Launch-${id.replaceAll("-", "")}`,
  properties,
});
const createdPage = pageBody({
  Name: { id: "title", type: "title", title: rich("Launch") },
  Done: { id: "Done", type: "checkbox", checkbox: false },
});

const pagesRoute = (check?: FakeRoute["check"], respond: FakeRoute["respond"] = { body: createdPage }): FakeRoute => ({
  method: "POST",
  path: "/v1/pages",
  check,
  respond,
});
const caught = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("expected a failure"),
    (e: unknown) => e as Error,
  );

describe("notion.createDatabasePage", () => {
  it("converts simple values by the database's property types", async () => {
    let sent: { parent?: unknown; properties?: unknown; children?: unknown } = {};
    const ctx = await ctxFor(
      [getDatabase, pagesRoute((r) => void (sent = r.json as typeof sent))],
      createDatabasePage,
      {
        databaseId: `https://www.notion.so/acme/Tasks-${DB}?v=0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
        properties: {
          Name: "Launch",
          Notes: "Ship it",
          Estimate: "3.5",
          Done: "true",
          Status: "In progress",
          Priority: "High",
          Tags: "web, launch",
          Due: "2026-03-01",
          Link: "https://acme.example",
          Email: "ops@acme.example",
          Phone: "+1 555 0100",
          Owner: ["user-1"],
          Project: "page-9",
          Attachments: null,
        },
      },
    );
    expect(await runAction(createDatabasePage, ctx)).toEqual({
      id: PAGE_ID,
      url: createdPage.url,
      createdTime: "2026-02-10T09:30:00.000Z",
      properties: { Name: "Launch", Done: false },
    });
    expect(sent.parent).toEqual({ database_id: DB });
    expect(sent.properties).toEqual({
      Name: { title: [{ type: "text", text: { content: "Launch" } }] },
      Notes: { rich_text: [{ type: "text", text: { content: "Ship it" } }] },
      Estimate: { number: 3.5 },
      Done: { checkbox: true },
      Status: { status: { name: "In progress" } },
      Priority: { select: { name: "High" } },
      Tags: { multi_select: [{ name: "web" }, { name: "launch" }] },
      Due: { date: { start: "2026-03-01" } },
      Link: { url: "https://acme.example" },
      Email: { email: "ops@acme.example" },
      Phone: { phone_number: "+1 555 0100" },
      Owner: { people: [{ object: "user", id: "user-1" }] },
      Project: { relation: [{ id: "page-9" }] },
    });
    expect(sent).not.toHaveProperty("children");
  });

  it("refuses unknown property names before creating anything, naming them and the database's properties", async () => {
    const ctx = await ctxFor([getDatabase, pagesRoute()], createDatabasePage, {
      databaseId: DB,
      properties: { Name: "x", Titel: "y", Prio: "z" },
    });
    const err = await caught(runAction(createDatabasePage, ctx));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(
      /Tasks has no properties named "Titel", "Prio"; its properties are: Name \(title\), Notes \(rich_text\), .*Attachments \(files\)/,
    );
    expect(api!.requests.filter((r) => r.path === "/v1/pages")).toHaveLength(0);
  });

  it.each([
    [{ Estimate: "lots" }, /"Estimate" is a number: expected a number, got "lots"/],
    [{ Due: "next friday" }, /"Due" is a date: expected an ISO date/],
    [{ Done: "maybe" }, /"Done" is a checkbox: expected true or false/],
    [{ Priority: ["a", "b"] }, /"Priority" is a select: expected one option name/],
    [{ Created: "2026-01-01" }, /"Created" is a created_time, which Notion computes/],
    [{ Attachments: "https://x.example/a.pdf" }, /"Attachments" is a files, .*notionProperties/],
  ])("refuses a value that does not fit the property's type (%j)", async (properties, message) => {
    const ctx = await ctxFor([getDatabase, pagesRoute()], createDatabasePage, { databaseId: DB, properties });
    const err = await caught(runAction(createDatabasePage, ctx));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toMatch(message);
  });

  it("passes notionProperties through (they win) and skips the schema lookup if nothing needs converting", async () => {
    const files = { files: [{ name: "spec.pdf", type: "external", external: { url: "https://x.example/spec.pdf" } }] };
    let sent: { properties?: unknown } = {};
    const ctx = await ctxFor(
      [getDatabase, pagesRoute((r) => void (sent = r.json as typeof sent))],
      createDatabasePage,
      { databaseId: DB, notionProperties: { Attachments: files } },
    );
    await runAction(createDatabasePage, ctx);
    expect(sent.properties).toEqual({ Attachments: files });
    expect(api!.requests.map((r) => r.method)).toEqual(["POST"]);

    const ctx2 = await ctxFor(
      [getDatabase, pagesRoute((r) => void (sent = r.json as typeof sent))],
      createDatabasePage,
      {
        databaseId: DB,
        properties: { Name: "simple", Done: true },
        notionProperties: { Name: { title: rich("native") } },
      },
    );
    await runAction(createDatabasePage, ctx2);
    expect(sent.properties).toEqual({ Name: { title: rich("native") }, Done: { checkbox: true } });
  });

  it("splits text over Notion's 2000-character limit", async () => {
    let sent: { properties?: { Notes?: { rich_text: { text: { content: string } }[] } } } = {};
    const ctx = await ctxFor(
      [getDatabase, pagesRoute((r) => void (sent = r.json as typeof sent))],
      createDatabasePage,
      { databaseId: DB, properties: { Notes: "a".repeat(4500) } },
    );
    await runAction(createDatabasePage, ctx);
    expect(sent.properties!.Notes!.rich_text.map((t) => t.text.content.length)).toEqual([2000, 2000, 500]);
  });

  it("refuses text too long for one Notion rich text value before creating anything, not cutting it off", async () => {
    const ctx = await ctxFor([getDatabase, pagesRoute()], createDatabasePage, {
      databaseId: DB,
      properties: { Notes: "a".repeat(200_001) },
    });
    const err = await caught(runAction(createDatabasePage, ctx));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toBe(
      'Notion property "Notes": Notion takes at most 200,000 characters in one text value ' +
        "(100 pieces of 2,000); this one has 200,001: shorten it or split it into several values",
    );
    expect(api!.requests.filter((r) => r.path === "/v1/pages")).toHaveLength(0);
  });

  it("leaves a 409 conflict retryable for the engine, as Notion's docs advise", async () => {
    const message = "Conflict occurred while saving. Please try again.";
    const ctx = await ctxFor(
      [
        getDatabase,
        pagesRoute(undefined, { status: 409, body: { object: "error", status: 409, code: "conflict_error", message } }),
      ],
      createDatabasePage,
      { databaseId: DB, properties: { Name: "x" } },
    );
    const err = await caught(runAction(createDatabasePage, ctx));
    expect(err).toBeInstanceOf(HttpError);
    expect(err).not.toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({
      status: 409,
      retryable: true,
      message: `Notion could not complete the change because of a conflict (${message}); the step will be retried`,
    });
    expect(api!.requests.filter((r) => r.path === "/v1/pages")).toHaveLength(1);
  });

  it("sends content as blocks, appending what exceeds Notion's 100 blocks per request", async () => {
    const content = Array.from({ length: 230 }, (_, i) => `- item ${i}`).join("\n");
    let created: { children?: { bulleted_list_item: { rich_text: { text: { content: string } }[] } }[] } = {};
    const appended: string[][] = [];
    const ctx = await ctxFor(
      [
        pagesRoute((r) => void (created = r.json as typeof created)),
        {
          method: "PATCH",
          path: `/v1/blocks/${PAGE_ID}/children`,
          check: (r) =>
            void appended.push(
              (r.json as typeof created).children!.map((b) => b.bulleted_list_item.rich_text[0]!.text.content),
            ),
          respond: { body: { object: "list", results: [] } },
        },
      ],
      createDatabasePage,
      { databaseId: DB, content },
    );
    await runAction(createDatabasePage, ctx);
    expect(created.children).toHaveLength(100);
    expect(created.children![0]).toEqual({
      object: "block",
      type: "bulleted_list_item",
      bulleted_list_item: { rich_text: [{ type: "text", text: { content: "item 0" } }] },
    });
    expect(appended.map((batch) => [batch.length, batch[0]])).toEqual([
      [100, "item 100"],
      [30, "item 200"],
    ]);
  });

  it("a failed append names the page already created, so a retry does not make a second one", async () => {
    const content = Array.from({ length: 150 }, (_, i) => `line ${i}\n`).join("\n");
    const ctx = await ctxFor(
      [
        pagesRoute(),
        {
          method: "PATCH",
          path: `/v1/blocks/${PAGE_ID}/children`,
          respond: { status: 502, body: { object: "error", status: 502, code: "bad_gateway", message: "Bad gateway" } },
        },
      ],
      createDatabasePage,
      { databaseId: DB, content },
    );
    const err = await caught(runAction(createDatabasePage, ctx));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toContain(
      `Notion created the page (${createdPage.url}) but adding the rest of its content failed after 100 blocks`,
    );
  });

  it("tells the user to share the database when Notion cannot find it", async () => {
    const message =
      `Could not find database with ID: ${DB}. ` +
      "Make sure the relevant pages and databases are shared with your integration.";
    const ctx = await ctxFor(
      [
        {
          ...getDatabase,
          respond: { status: 404, body: { object: "error", status: 404, code: "object_not_found", message } },
        },
      ],
      createDatabasePage,
      { databaseId: DB, properties: { Name: "x" } },
    );
    const err = await caught(runAction(createDatabasePage, ctx));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err.message).toContain(message);
    expect(err.message).toMatch(/Connections and add this integration/);
  });

  it("reports Notion's validation message", async () => {
    const message = "body failed validation: body.properties.Status.status.name should be defined.";
    const ctx = await ctxFor(
      [
        getDatabase,
        pagesRoute(undefined, {
          status: 400,
          body: { object: "error", status: 400, code: "validation_error", message },
        }),
      ],
      createDatabasePage,
      { databaseId: DB, properties: { Name: "x" } },
    );
    await expect(runAction(createDatabasePage, ctx)).rejects.toThrow(
      `Notion refused the request (validation_error): ${message}`,
    );
  });
});

describe("notion.queryDatabase", () => {
  const row = (n: number) => pageBody({ Name: { id: "title", type: "title", title: rich(`Row ${n}`) } }, `page-${n}`);

  it("follows the cursor until the limit, passing filter and sorts through", async () => {
    const filter = { property: "Status", status: { equals: "Done" } };
    const sorts = [{ property: "Due", direction: "ascending" }];
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: `/v1/databases/${DB}/query`,
          check: (r) => {
            const b = r.json as { filter?: unknown; sorts?: unknown };
            return JSON.stringify(b.filter) === JSON.stringify(filter) &&
              JSON.stringify(b.sorts) === JSON.stringify(sorts)
              ? undefined
              : `body was ${r.body}`;
          },
          respond: (r) => {
            const { page_size, start_cursor } = r.json as { page_size: number; start_cursor?: string };
            const from = start_cursor ? Number(start_cursor) : 0;
            const results = Array.from({ length: page_size }, (_, i) => row(from + i));
            return {
              body: {
                object: "list",
                results,
                has_more: true,
                next_cursor: String(from + page_size),
                type: "page_or_database",
                page_or_database: {},
              },
            };
          },
        },
      ],
      queryDatabase,
      { databaseId: DB, filter, sorts, limit: 250 },
    );
    const out = (await runAction(queryDatabase, ctx)) as {
      results: { id: string; properties: Record<string, unknown> }[];
      hasMore: boolean;
    };
    expect(api!.requests.map((r) => r.json)).toMatchObject([
      { page_size: 100 },
      { page_size: 100, start_cursor: "100" },
      { page_size: 50, start_cursor: "200" },
    ]);
    expect(api!.requests[0]!.json).not.toHaveProperty("start_cursor");
    expect(out.results.map((r) => r.id)).toEqual(Array.from({ length: 250 }, (_, i) => `page-${i}`));
    expect(out.results[7]!.properties).toEqual({ Name: "Row 7" });
    expect(out.hasMore).toBe(true);
  });

  it("stops when Notion has no more pages", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: `/v1/databases/${DB}/query`,
          respond: { body: { object: "list", results: [row(1), row(2)], has_more: false, next_cursor: null } },
        },
      ],
      queryDatabase,
      { databaseId: DB },
    );
    expect(await runAction(queryDatabase, ctx)).toMatchObject({
      results: [{ id: "page-1" }, { id: "page-2" }],
      hasMore: false,
    });
    expect(api!.requests).toHaveLength(1);
    expect(api!.requests[0]!.json).toEqual({ page_size: 100 });
  });

  it("simplifies every kind of property value", async () => {
    const properties = {
      Name: { id: "title", type: "title", title: [...rich("Launch "), ...rich("plan")] },
      Notes: { id: "n", type: "rich_text", rich_text: [] },
      Estimate: { id: "e", type: "number", number: 3 },
      Done: { id: "d", type: "checkbox", checkbox: true },
      Status: { id: "s", type: "status", status: { id: "1", name: "Done", color: "green" } },
      Priority: { id: "p", type: "select", select: null },
      Tags: {
        id: "t",
        type: "multi_select",
        multi_select: [
          { id: "a", name: "web", color: "red" },
          { id: "b", name: "ops", color: "blue" },
        ],
      },
      Due: { id: "du", type: "date", date: { start: "2026-03-01", end: null, time_zone: null } },
      Owner: { id: "o", type: "people", people: [{ object: "user", id: "user-1", name: "Ada" }] },
      Project: { id: "pr", type: "relation", relation: [{ id: "page-9" }], has_more: false },
      Link: { id: "l", type: "url", url: null },
      Email: { id: "em", type: "email", email: "ops@acme.example" },
      Phone: { id: "ph", type: "phone_number", phone_number: "+1 555 0100" },
      Attachments: {
        id: "f",
        type: "files",
        files: [
          {
            name: "a.pdf",
            type: "file",
            file: { url: "https://s3.example/a.pdf", expiry_time: "2026-02-11T17:00:00.000Z" },
          },
          { name: "b", type: "external", external: { url: "https://x.example/b" } },
        ],
      },
      Score: { id: "sc", type: "formula", formula: { type: "number", number: 42 } },
      Label: { id: "lb", type: "formula", formula: { type: "string", string: "hi" } },
      Hours: { id: "h", type: "rollup", rollup: { type: "number", number: 7.5, function: "sum" } },
      Names: {
        id: "nm",
        type: "rollup",
        rollup: {
          type: "array",
          array: [
            { type: "title", title: rich("A") },
            { type: "multi_select", multi_select: [{ name: "x" }, { name: "y" }] },
            { type: "number", number: null },
          ],
          function: "show_original",
        },
      },
      Created: { id: "c", type: "created_time", created_time: "2026-02-10T09:30:00.000Z" },
      Author: { id: "cb", type: "created_by", created_by: { object: "user", id: "user-2" } },
      Ref: { id: "u", type: "unique_id", unique_id: { prefix: "TASK", number: 12 } },
      Go: { id: "b", type: "button", button: {} },
    };
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: `/v1/databases/${DB}/query`,
          respond: { body: { object: "list", results: [pageBody(properties)], has_more: false, next_cursor: null } },
        },
      ],
      queryDatabase,
      { databaseId: DB },
    );
    const out = (await runAction(queryDatabase, ctx)) as { results: { properties: unknown; lastEditedTime: string }[] };
    expect(out.results[0]!.lastEditedTime).toBe("2026-02-11T16:05:00.000Z");
    expect(out.results[0]!.properties).toEqual({
      Name: "Launch plan",
      Notes: "",
      Estimate: 3,
      Done: true,
      Status: "Done",
      Priority: null,
      Tags: ["web", "ops"],
      Due: "2026-03-01",
      Owner: ["user-1"],
      Project: ["page-9"],
      Link: null,
      Email: "ops@acme.example",
      Phone: "+1 555 0100",
      Attachments: ["https://s3.example/a.pdf", "https://x.example/b"],
      Score: 42,
      Label: "hi",
      Hours: 7.5,
      Names: ["A", "x", "y"],
      Created: "2026-02-10T09:30:00.000Z",
      Author: "user-2",
      Ref: "TASK-12",
      Go: null,
    });
  });

  it.each([
    ["incomplete", { type: "incomplete", incomplete: {}, function: "show_original" }],
    ["unsupported", { type: "unsupported", unsupported: {}, function: "median" }],
    ["a future type", { type: "histogram", histogram: { buckets: [1, 2] }, function: "histogram" }],
  ])("reads an %s rollup as null instead of failing the query", async (_name, rollup) => {
    const properties = {
      Name: { id: "title", type: "title", title: rich("Launch") },
      Total: { id: "r", type: "rollup", rollup },
    };
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: `/v1/databases/${DB}/query`,
          respond: { body: { object: "list", results: [pageBody(properties)], has_more: false, next_cursor: null } },
        },
      ],
      queryDatabase,
      { databaseId: DB },
    );
    expect(await runAction(queryDatabase, ctx)).toMatchObject({
      results: [{ properties: { Name: "Launch", Total: null } }],
    });
  });

  it("still reports a known rollup type of the wrong shape as malformed", async () => {
    const bad = pageBody({
      Hours: { id: "h", type: "rollup", rollup: { type: "number", number: "7.5", function: "sum" } },
    });
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: `/v1/databases/${DB}/query`,
          respond: { body: { object: "list", results: [bad], has_more: false, next_cursor: null } },
        },
      ],
      queryDatabase,
      { databaseId: DB },
    );
    await expect(runAction(queryDatabase, ctx)).rejects.toThrow(
      /malformed \(results\.0\.properties\.Hours\.rollup\.number: /,
    );
  });

  it("reports a property value of the wrong shape as malformed, naming it", async () => {
    const bad = pageBody({ Status: { id: "s", type: "select", select: "High" } });
    const ctx = await ctxFor(
      [
        {
          method: "POST",
          path: `/v1/databases/${DB}/query`,
          respond: { body: { object: "list", results: [bad], has_more: false, next_cursor: null } },
        },
      ],
      queryDatabase,
      { databaseId: DB },
    );
    await expect(runAction(queryDatabase, ctx)).rejects.toThrow(/malformed \(results\.0\.properties\.Status\.select: /);
  });
});

describe("notion auth", () => {
  it("tests the connection with GET users/me", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "GET",
          path: "/v1/users/me",
          respond: { body: { object: "user", id: "bot-1", type: "bot", bot: {} } },
        },
      ],
      queryDatabase,
      { databaseId: DB },
    );
    await notionAuth.test!({ http: ctx.http });
    expect(api!.requests).toHaveLength(1);
  });

  it("a refused token asks to reconnect", async () => {
    const ctx = await ctxFor(
      [
        {
          method: "GET",
          path: "/v1/users/me",
          respond: {
            status: 401,
            body: { object: "error", status: 401, code: "unauthorized", message: "API token is invalid." },
          },
        },
      ],
      queryDatabase,
      { databaseId: DB },
    );
    await expect(notionAuth.test!({ http: ctx.http })).rejects.toThrow(
      "Notion rejected the connection's token (API token is invalid.); reconnect the Notion account",
    );
  });

  it("is Notion's public-integration OAuth: no scopes, Basic client auth, owner=user", () => {
    expect(notionAuth).toMatchObject({
      kind: "oauth2",
      scopes: [],
      pkce: false,
      clientAuth: "basic",
      extraParams: { owner: "user" },
    });
  });
});

describe("notion helpers", () => {
  it.each(notion.actions)("$name's sampleOutput fits its output schema", (action) => {
    expect(action.output.safeParse(action.sampleOutput).success).toBe(true);
  });

  it("finds the database ID in what users paste", () => {
    expect(databaseIdFrom(DB)).toBe(DB);
    expect(databaseIdFrom("8e2c5f1a-9b3d-4e6f-8a7b-6c5d4e3f2a1b")).toBe("8e2c5f1a-9b3d-4e6f-8a7b-6c5d4e3f2a1b");
    expect(databaseIdFrom(`https://www.notion.so/acme/${DB}?v=0f1e2d3c4b5a69788796a5b4c3d2e1f0&pvs=4`)).toBe(DB);
    expect(databaseIdFrom(`https://www.notion.so/Deadbeefdeadbeefdeadbeefdeadbeef-${DB}`)).toBe(DB);
    expect(databaseIdFrom(" not/an id ")).toBe("not%2Fan%20id");
  });

  it("splits rich text up to Notion's 100 pieces of 2,000 characters and refuses more", () => {
    expect(toRichText("b".repeat(200_000))).toHaveLength(100);
    expect(toRichText("")).toEqual([]);
    expect(() => toRichText("b".repeat(200_001))).toThrow(NonRetryableError);
    expect(() => contentBlocks("c".repeat(200_001))).toThrow(/at most 200,000 characters/);
  });

  it("reads light Markdown into blocks", () => {
    const blocks = contentBlocks(
      "# Plan\nFirst line\nsame paragraph\n\nSecond paragraph\n- bullet\n" +
        "* [x] done\n- [ ] todo\n2. numbered\n> quoted\n### Small",
    );
    const summary = blocks.map((b) => {
      const body = b[b.type] as { rich_text: { text: { content: string } }[]; checked?: boolean };
      return [
        b.type,
        body.rich_text.map((t) => t.text.content).join(""),
        ...(body.checked === undefined ? [] : [body.checked]),
      ];
    });
    expect(summary).toEqual([
      ["heading_1", "Plan"],
      ["paragraph", "First line\nsame paragraph"],
      ["paragraph", "Second paragraph"],
      ["bulleted_list_item", "bullet"],
      ["to_do", "done", true],
      ["to_do", "todo", false],
      ["numbered_list_item", "numbered"],
      ["quote", "quoted"],
      ["heading_3", "Small"],
    ]);
  });
});

const unauthorized = {
  status: 401,
  body: { object: "error", status: 401, code: "unauthorized", message: "API token is invalid." },
};

describeOperation("notion.createDatabasePage contract", {
  connector: notion,
  operation: createDatabasePage,
  props: { databaseId: DB, properties: { Name: "Launch", Done: false }, content: "Kick-off notes" },
  credentials: { accessToken: TOKEN },
  basePath: "/v1/",
  before: [{ ...getDatabase, check: notionHeaders }],
  route: {
    method: "POST",
    path: "/v1/pages",
    check: (r) => {
      const b = r.json as {
        parent?: { database_id?: string };
        properties?: { Name?: { title?: { text: { content: string } }[] } };
        children?: { type: string }[];
      };
      if (b.parent?.database_id !== DB) return "parent.database_id missing";
      if (b.properties?.Name?.title?.[0]?.text.content !== "Launch") return "title missing";
      return notionHeaders(r) ?? (b.children?.[0]?.type === "paragraph" ? undefined : "content missing");
    },
  },
  ok: { body: createdPage },
  expected: {
    id: PAGE_ID,
    url: createdPage.url,
    createdTime: "2026-02-10T09:30:00.000Z",
    properties: { Name: "Launch", Done: false },
  },
  unauthorized,
  unauthorizedError: "Notion rejected the connection's token (API token is invalid.); reconnect the Notion account",
  malformed: [
    { body: { object: "page", id: PAGE_ID } },
    { body: pageBody({ Name: { id: "title", type: "title", title: "Launch" } }) },
  ],
});

describeOperation("notion.queryDatabase contract", {
  connector: notion,
  operation: queryDatabase,
  props: { databaseId: DB, filter: { property: "Done", checkbox: { equals: false } }, limit: 5 },
  credentials: { accessToken: TOKEN },
  basePath: "/v1/",
  route: {
    method: "POST",
    path: `/v1/databases/${DB}/query`,
    check: (r) => {
      const b = r.json as { page_size?: number; filter?: { property?: string } };
      return (
        notionHeaders(r) ?? (b.page_size === 5 && b.filter?.property === "Done" ? undefined : `body was ${r.body}`)
      );
    },
  },
  ok: {
    body: {
      object: "list",
      results: [createdPage],
      has_more: false,
      next_cursor: null,
      type: "page_or_database",
      page_or_database: {},
    },
  },
  expected: {
    results: [
      {
        id: PAGE_ID,
        url: createdPage.url,
        createdTime: "2026-02-10T09:30:00.000Z",
        lastEditedTime: "2026-02-11T16:05:00.000Z",
        properties: { Name: "Launch", Done: false },
      },
    ],
    hasMore: false,
  },
  unauthorized,
  unauthorizedError: "Notion rejected the connection's token (API token is invalid.); reconnect the Notion account",
  malformed: [
    { body: { object: "list", results: "none" } },
    { body: { object: "list", results: [{ id: 1 }], has_more: false, next_cursor: null } },
  ],
});
