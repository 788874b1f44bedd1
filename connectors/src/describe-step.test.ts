import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeStep } from "./describe-step";
import { builtinRegistry, createRegistry } from "./registry";
import { defineAction, defineConnector } from "./sdk/define";

const greetProps = z.object({ name: z.string().min(1), times: z.number().int().default(1) });
const action = (name: string, describe?: (p: z.infer<typeof greetProps>) => string) =>
  defineAction({
    name,
    effect: "write",
    title: "Greet someone",
    description: "",
    props: greetProps,
    output: z.unknown(),
    sampleOutput: null,
    describe,
  });
const registry = createRegistry([
  defineConnector({
    slug: "acme",
    name: "Acme",
    description: "",
    icon: "",
    categories: [],
    actions: [
      action("plain"),
      action("greet", (p) => `Greet ${p.name} ${p.times}×`),
      action("broken", () => {
        throw new Error("describe bug");
      }),
    ],
  }),
]);

describe("describeStep", () => {
  it("is the uses string for an unknown action", () => {
    expect(describeStep(registry, "acme.nope", { name: "Ann" })).toBe("acme.nope");
    expect(describeStep(registry, "nothing", {})).toBe("nothing");
  });

  it("uses the action's describe on parsed props (defaults applied)", () => {
    expect(describeStep(registry, "acme.greet", { name: "Ann" })).toBe("Greet Ann 1×");
  });

  it("falls back to the titles and a few input fields without a describe", () => {
    expect(describeStep(registry, "acme.plain", { name: "Ann", extra: { deep: 1 }, times: 2 })).toBe(
      'Acme: Greet someone (name: "Ann", times: 2)',
    );
  });

  it("falls back when the props do not parse, without calling describe", () => {
    expect(describeStep(registry, "acme.greet", { name: "" })).toBe('Acme: Greet someone (name: "")');
    expect(describeStep(registry, "acme.greet", {})).toBe("Acme: Greet someone");
  });

  it("falls back when describe throws", () => {
    expect(describeStep(registry, "acme.broken", { name: "Ann" })).toBe('Acme: Greet someone (name: "Ann")');
  });

  it("truncates long values and caps the whole line at 200 characters", () => {
    const long = "word ".repeat(100);
    const line = describeStep(registry, "acme.plain", { a: long, b: long, c: long });
    expect(line).toMatch(/^Acme: Greet someone \(a: "(word ){15}word…", b: "/);
    expect(Array.from(line)).toHaveLength(200);
    expect(line.endsWith("…")).toBe(true);
  });
});

describe("builtin actions' previews", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["x.createPost", { text: "Launch day!" }, 'Post to X: "Launch day!"'],
    [
      "x.createPost",
      { text: "Agreed", replyToPostId: "https://x.com/acme/status/1445880548472328192" },
      'Reply on X to post 1445880548472328192: "Agreed"',
    ],
    [
      "facebook-pages.createPagePost",
      { pageId: "104183265412345", message: "Launch day!", link: "https://acme.example/launch" },
      'Post to Facebook Page 104183265412345: "Launch day!" with link https://acme.example/launch',
    ],
    [
      "facebook-pages.createPagePost",
      { pageId: "104183265412345", message: "Soon", scheduledPublishTime: "2026-12-01T09:00:00Z" },
      'Schedule a post on Facebook Page 104183265412345 for 2026-12-01T09:00:00Z: "Soon"',
    ],
    ["facebook-pages.listPages", {}, "Facebook Pages: List pages"],
    [
      "http.request",
      { method: "POST", url: "https://api.example.com/v1/items?api_key=s3cret" },
      "POST https://api.example.com/v1/items",
    ],
    ["http.request", { url: "https://api.example.com/health" }, "GET https://api.example.com/health"],
    [
      "slack.postMessage",
      { channel: "C0123456789", text: "Deploy done\n\nAll green", threadTs: "1712345678.000100" },
      'Post to Slack channel C0123456789 in a thread: "Deploy done All green"',
    ],
    [
      "email.sendEmail",
      { to: ["a@example.com", "b@example.com"], cc: "c@example.com", bcc: "d@example.com", subject: "Hi", text: "." },
      'Email a@example.com, b@example.com, c@example.com and 1 more: "Hi"',
    ],
    [
      "github.createIssue",
      { owner: "acme", repo: "app", title: "Crash on save" },
      'Open an issue in acme/app: "Crash on save"',
    ],
    [
      "google-sheets.appendRow",
      { spreadsheetId: "abc", sheet: "Leads", values: ["Ann", null, 42] },
      'Add a row to Google Sheets tab "Leads" (A: "Ann", C: 42)',
    ],
    [
      "google-sheets.updateRow",
      { spreadsheetId: "abc", sheet: "Leads", rowNumber: 7, values: { Email: "ann@example.com" } },
      'Update row 7 of Google Sheets tab "Leads" (Email: "ann@example.com")',
    ],
    [
      "notion.createDatabasePage",
      { databaseId: "59833787-2cf9-4fdf-8782-e53db20768a5", properties: { Name: "Launch", Tags: ["web"] } },
      'Create a page in Notion database 59833787-2cf9-4fdf-8782-e53db20768a5 (Name: "Launch")',
    ],
    [
      "openai.chatCompletion",
      {
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "Be brief" },
          { role: "user", content: "Hi?" },
        ],
      },
      'Ask gpt-4o-mini: "Hi?"',
    ],
    ["core.delay", { duration: "5m" }, 'Core: Delay (duration: "5m")'],
  ];

  it.each(cases)("%s", (uses, input, expected) => {
    expect(describeStep(builtinRegistry, uses, input)).toBe(expected);
  });

  it("quotes only the start of a long SQL statement", () => {
    const sql = `SELECT ${Array.from({ length: 40 }, (_, i) => `col${i}`).join(", ")} FROM customers`;
    expect(describeStep(builtinRegistry, "postgres.query", { sql })).toBe(`Run SQL: "${sql.slice(0, 79)}…"`);
  });
});
