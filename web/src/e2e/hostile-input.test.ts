// Hostile input against every REST route and tRPC procedure of the real Next.js
// app. Routes are found in src/app (each route.ts and the methods it exports)
// and procedures in the router, so ones added later are covered without
// editing this file. For each route, method and class of hostile input (NUL
// characters, lone surrogates, deep nesting, huge lists, out-of-range cursor
// dates) in each place it can go (path parameters, query string, JSON, form
// and YAML bodies, tRPC inputs), no answer may be a 5xx and no row may change
// in any table: path parameters and bodies name real rows (a workflow, a run,
// a token, a connection), so a hostile update shows as well as an insert.
import { createHmac, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedWorkflow, startNextServer, useTestDatabase, type NextServer } from "@switchyard/devstack/testing";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appRouter } from "../server/trpc/root";

const t = useTestDatabase();
const SIGNING_SECRET = randomBytes(16).toString("hex");
let web: NextServer;
let token: string;
let hookToken: string;
/** Rows of the caller's workspace for hostile cases to aim at, so an update shows as well as an insert. */
let target: {
  workspaceId: string;
  slug: string;
  runId: string;
  eventId: string;
  tokenId: string;
  connectionId: string;
};
/** Values for a path parameter when the hostile input is elsewhere: the target rows it can name, and a name nothing has. */
const idsFor = (param: string): string[] => {
  const real: Record<string, string[]> = {
    token: [hookToken],
    slug: [target.slug],
    runId: [target.runId],
    // events/[id] is also a connector's app-event endpoint (POST).
    id: [target.tokenId, target.connectionId, target.eventId, "slack"],
  };
  return [...(real[param] ?? []), "missing"];
};

const RUNS = 3;
const CLASSES = ["nul", "surrogate", "deep", "wide", "cursor"] as const;
type HostileClass = (typeof CLASSES)[number];

// ---------------------------------------------------------------- enumeration

const APP_DIR = fileURLToPath(new URL("../app", import.meta.url));
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const hasBody = (method: string) => !["GET", "HEAD"].includes(method);

interface Route {
  pattern: string;
  segments: ({ literal: string } | { param: string })[];
  methods: string[];
  /** Methods whose handler never gets the request (cancel, revoke, enable): a body is no input of theirs. */
  bodyless: string[];
}

/** The text of an exported method's handler, up to the next export; undefined when it is only re-exported. */
const handlerSource = (source: string, method: string) =>
  new RegExp(`export\\s+(?:async\\s+)?(?:const|let|function)\\s+${method}\\b[\\s\\S]*?(?=\\nexport\\s|$)`).exec(
    source,
  )?.[0];

/** Every route.ts under src/app outside private folders, with the HTTP methods it exports. */
function appRoutes(): Route[] {
  const found: Route[] = [];
  for (const file of readdirSync(APP_DIR, { recursive: true, encoding: "utf8" })) {
    if (path.basename(file) !== "route.ts") continue;
    const dirs = path
      .dirname(file)
      .split(path.sep)
      .filter((d) => d !== ".");
    if (dirs.some((d) => d.startsWith("_"))) continue;
    const segments = dirs
      .filter((d) => !/^\(.*\)$/.test(d) && !d.startsWith("@"))
      .map((d) =>
        /^\[+(?:\.\.\.)?([^\]]+)\]+$/.exec(d) ? { param: /^\[+(?:\.\.\.)?([^\]]+)\]+$/.exec(d)![1]! } : { literal: d },
      );
    const source = readFileSync(path.join(APP_DIR, file), "utf8");
    const methods = new Set<string>();
    for (const m of source.matchAll(/export\s+(?:async\s+)?(?:const|let|function)\s+([A-Z]+)\b/g)) methods.add(m[1]!);
    for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
      for (const name of m[1]!.split(","))
        methods.add(
          name
            .trim()
            .split(/\s+as\s+/)
            .pop()!,
        );
    const exported = [...methods].filter((m) => METHODS.includes(m)).sort();
    const bodyless = exported.filter((m) => hasBody(m) && !/\brequest\b/.test(handlerSource(source, m) ?? "request"));
    found.push({ pattern: `/${dirs.join("/")}`, segments, methods: exported, bodyless });
  }
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

const ROUTES = appRoutes();
// Typed as the nested record, but flat at run time: "runs.list" → its procedure.
const PROCEDURES = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([name, p]) => ({ name, type: p._def.type }));

// ---------------------------------------------------------------- hostile values

/** One hostile value, in each form a place in a request needs it. */
interface Hostile {
  /** Percent-encoded for a URL: may hold bytes no string encodes (a lone surrogate's, overlong NUL). */
  url: string;
  /** Raw JSON text of a value (built as text: JSON.stringify itself overflows on deep values). */
  json: string;
  /** Raw JSON text of an object key, when the class has one. */
  jsonKey?: string;
  /** Whole YAML documents to send instead of the JSON ones (which are YAML too). */
  yaml?: string[];
}

const ascii = fc.string({ maxLength: 8 });
const HOSTILE_UNITS: Record<"nul" | "surrogate", string[]> = {
  nul: ["\u0000"],
  surrogate: ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"],
};

/** Percent-encodes code units one by one, so a lone surrogate goes out as its three (invalid) UTF-8 bytes. */
function wtf8(text: string): string {
  let out = "";
  for (const ch of text.split("")) {
    const u = ch.charCodeAt(0);
    out +=
      u >= 0xd800 && u <= 0xdfff
        ? [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join("")
        : encodeURIComponent(ch);
  }
  return out;
}

/** In URLs the surrogate class also sends bytes that are no UTF-8 at all: an overlong NUL, a stray 0xFF. */
const MALFORMED_BYTES: Record<"nul" | "surrogate", string[]> = { nul: [""], surrogate: ["", "%C0%80", "%FF"] };

const badText = (cls: "nul" | "surrogate") =>
  fc.tuple(ascii, fc.constantFrom(...HOSTILE_UNITS[cls]), ascii, fc.constantFrom(...MALFORMED_BYTES[cls])).map(
    ([a, h, b, bytes]): Hostile => ({
      url: wtf8(a + h + b) + bytes,
      json: JSON.stringify(a + h + b),
      jsonKey: JSON.stringify(a + h + b),
    }),
  );

function nested(depth: number, kind: "array" | "object" | "mixed"): string {
  const [open, close] = ({ array: ["[", "]"], object: ['{"a":', "}"], mixed: ['[{"a":', "}]"] } as const)[kind];
  const times = kind === "mixed" ? Math.ceil(depth / 2) : depth;
  return `${open.repeat(times)}1${close.repeat(times)}`;
}

const deep = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 65, max: 3_000 }), fc.constant(100_000)),
    kind: fc.constantFrom("array" as const, "object" as const, "mixed" as const),
    yaml: fc.constantFrom("dashes", "indent"),
  })
  .map(
    ({ depth, kind, yaml }): Hostile => ({
      url: encodeURIComponent(nested(Math.min(depth, 1_000), kind)),
      json: nested(depth, kind),
      yaml: [
        nested(depth, kind),
        yaml === "dashes"
          ? `${"- ".repeat(depth)}x`
          : Array.from({ length: Math.min(depth, 1_000) }, (_, i) => `${" ".repeat(i)}a:`).join("\n") + " x",
      ],
    }),
  );

const WIDE_ARRAY = `[${'"a",'.repeat(129_999)}"a"]`;
const WIDE_OBJECT = `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(",")}}`;
// Just past the limit: a YAML list as long as the JSON one costs the parser a second in every case.
const WIDE_YAML = ["- a\n".repeat(10_001), `[${"a,".repeat(10_000)}a]`];
const wide = fc
  .constantFrom(WIDE_ARRAY, WIDE_OBJECT)
  .map((json): Hostile => ({ url: "a".repeat(4_000), json, yaml: WIDE_YAML }));

/** Dates JavaScript takes and Postgres may not (and some it does), with ids good and bad. */
const cursor = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        "+275760-09-13T00:00:00.000Z",
        "-271821-04-20T00:00:00.000Z",
        "0000-01-01T00:00:00.000Z",
        "+010000-01-01T00:00:00.000Z",
        "-000001-01-01T00:00:00.000Z",
        "2024-01-01",
        "9999-12-31T23:59:59.999Z",
      ),
      fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom(8.64e15, -8.64e15, 1e20),
    ),
    fc.constantFrom<unknown>("x", "\u0000", "\uD800", 1, null),
  )
  .map(([at, id]): Hostile => {
    const value = Buffer.from(JSON.stringify([at, id])).toString("base64url");
    return { url: value, json: JSON.stringify(value) };
  });

const HOSTILE: Record<HostileClass, fc.Arbitrary<Hostile>> = {
  nul: badText("nul"),
  surrogate: badText("surrogate"),
  deep,
  wide,
  cursor,
};

// ---------------------------------------------------------------- request shapes

const definition = {
  name: "Hostile",
  trigger: { type: "webhook" },
  steps: [{ id: "a", uses: "core.transform", needs: [], with: { value: "{{ trigger.body }}" } }],
};
/** Shapes of what routes and procedures take, naming the target rows, so hostile values land where real ones would; none is tied to one route. */
const seeds = (): unknown[] => [
  definition,
  { slug: target.slug, definition },
  { slug: target.slug, input: { a: [1, "b"] } },
  { slug: target.slug, enabled: true },
  { input: { nested: { list: ["x"] } } },
  { name: "hostile", connector: "http", credentials: { token: "t" } },
  { name: "renamed" },
  { id: target.runId, fromStep: "a" },
  { alertEmails: ["ops@example.com"], allowedInternalHosts: ["db.internal"] },
  { limit: 5, workflow: target.slug, status: "succeeded" },
  { type: "event_callback", team_id: "T1", event: { type: "message", text: "hi" } },
];
const HOLE = "\u0001hole\u0001";
const QUERY_NAMES = ["cursor", "limit", "workflow", "status", "input", "code", "state", "batch", "x"];

/** Every place in `value` a hostile value can replace, or be added under, as a path of keys. */
function holes(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...holes(v, [...at, i])));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...holes(v, [...at, k]));
  return out;
}

/** `seed` as JSON text with the hostile value at `at`: as that value, as a new key's value, or as a key. */
function jsonWith(seed: unknown, at: (string | number)[], how: "value" | "add" | "key", hostile: Hostile): string {
  const copy = structuredClone(seed);
  const parent = at.slice(0, -1).reduce<any>((v, k) => v[k], copy);
  const target = at.length ? parent[at[at.length - 1]!] : copy;
  if (how === "value" && at.length) parent[at[at.length - 1]!] = HOLE;
  else {
    const into =
      target && typeof target === "object" && !Array.isArray(target)
        ? target
        : copy && typeof copy === "object" && !Array.isArray(copy)
          ? copy
          : undefined;
    if (!into) return hostile.json;
    if (how === "key" && hostile.jsonKey) into[HOLE] = 1;
    else into.cursor = HOLE;
  }
  const text = JSON.stringify(copy);
  const placeholder = JSON.stringify(HOLE);
  // A function, so "$&" and the like in hostile text stay as they are.
  return text.replace(placeholder, () => (how === "key" && hostile.jsonKey ? hostile.jsonKey : hostile.json));
}

const bodyJson = (hostile: Hostile) =>
  fc
    .constantFrom(...seeds())
    .chain((seed) =>
      fc.tuple(
        fc.constant(seed),
        fc.constantFrom(...holes(seed)),
        fc.constantFrom("value" as const, "add" as const, "key" as const),
      ),
    )
    .map(([seed, at, how]) => jsonWith(seed, at, how, hostile));

interface Case {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

type Place = "path" | "query" | "json" | "form" | "yaml" | "trpc";

/**
 * Where a class's values are unacceptable to any route: nothing may be written
 * there, whatever the answer. Elsewhere they are fair input to some route (to a
 * webhook, deep JSON in a query string is only text, and a cursor a string; a
 * lone surrogate's bytes in a URL decode to U+FFFD), which may take them and
 * write, but only when it says so with a 2xx.
 */
const REFUSED: Record<HostileClass, readonly Place[]> = {
  nul: ["path", "query", "json", "form", "yaml", "trpc"],
  surrogate: ["path", "json", "yaml", "trpc"],
  deep: ["json", "yaml", "trpc"],
  wide: ["json", "form", "yaml", "trpc"],
  cursor: [],
};
/** Webhook and event bodies may be wider than API bodies (a sender's batch of records), up to the input policy's MAX_EVENT_ENTRIES. */
const WIDE_BODIES_TAKEN = new Set(["/hooks/[token]", "/api/v1/events/[id]"]);
const refusedAt = (route: Route, cls: HostileClass, place: Exclude<Place, "trpc">) =>
  REFUSED[cls].includes(place) && !(cls === "wide" && WIDE_BODIES_TAKEN.has(route.pattern));

function urlOf(route: Route, params: (name: string) => string): string {
  return route.segments.map((s) => `/${"literal" in s ? s.literal : params(s.param)}`).join("");
}

function restCase(route: Route, method: string, cls: HostileClass, place: Exclude<Place, "trpc">): fc.Arbitrary<Case> {
  const auth = { authorization: `Bearer ${token}` };
  return fc
    .tuple(HOSTILE[cls], fc.nat(), fc.constantFrom(...QUERY_NAMES), fc.boolean())
    .chain(([hostile, pick, name, inName]) => {
      const base = urlOf(route, (param) =>
        place === "path" ? hostile.url : encodeURIComponent(idsFor(param)[pick % idsFor(param).length]!),
      );
      const plain = { method, headers: auth };
      switch (place) {
        case "path":
          return fc.constant<Case>({ ...plain, url: base });
        case "query": {
          const query =
            cls === "cursor"
              ? `cursor=${hostile.url}&limit=5`
              : cls === "wide"
                ? Array.from({ length: 1_000 }, (_, i) => `k${i}=a`).join("&")
                : inName && hostile.jsonKey
                  ? `${hostile.url}=1`
                  : `${name}=${hostile.url}`;
          return fc.constant<Case>({ ...plain, url: `${base}?${query}` });
        }
        case "form": {
          const form =
            cls === "wide"
              ? Array.from({ length: 20_000 }, (_, i) => `k${i}=a`).join("&")
              : inName && hostile.jsonKey
                ? `name=x&${hostile.url}=1`
                : `name=x&${name}=${hostile.url}`;
          return fc.constant<Case>({
            method,
            url: base,
            headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
            body: form,
          });
        }
        case "json":
          return bodyJson(hostile).map(
            (body): Case => ({ method, url: base, headers: { ...auth, "content-type": "application/json" }, body }),
          );
        case "yaml":
          return (hostile.yaml ? fc.constantFrom(...hostile.yaml) : bodyJson(hostile)).map(
            (body): Case => ({ method, url: base, headers: { ...auth, "content-type": "application/yaml" }, body }),
          );
      }
    });
}

/** Routes that keep a body of any other type as its bytes (base64): a YAML body there holds no value to be hostile. */
const KEEPS_RAW_BYTES = new Set(["/hooks/[token]"]);

const placesFor = (route: Route, method: string): Exclude<Place, "trpc">[] => [
  ...(route.segments.some((s) => "param" in s) ? (["path"] as const) : []),
  "query",
  ...(hasBody(method) && !route.bodyless.includes(method) ? (["json", "form"] as const) : []),
  ...(hasBody(method) && !route.bodyless.includes(method) && !KEEPS_RAW_BYTES.has(route.pattern)
    ? (["yaml"] as const)
    : []),
];

/** tRPC inputs: queries in the URL (which Node caps at 16 KB, so deep and wide stay small there), mutations in the body; single and batched. */
function trpcCase(procedure: { name: string; type: string }, cls: HostileClass): fc.Arbitrary<Case> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const small: fc.Arbitrary<Hostile> =
    cls === "deep"
      ? fc.integer({ min: 65, max: 1_500 }).map((d) => ({ url: "", json: nested(d, "array") }))
      : cls === "wide"
        ? fc.constant({ url: "", json: `[${"0,".repeat(3_000)}0]` })
        : HOSTILE[cls];
  return fc.tuple(procedure.type === "query" ? small : HOSTILE[cls], fc.boolean()).chain(([hostile, batch]) =>
    bodyJson(hostile).map((input): Case => {
      const sent = batch ? `{"0":${input}}` : input;
      const url = `/api/trpc/${procedure.name}${batch ? "?batch=1" : ""}`;
      return procedure.type === "query"
        ? { method: "GET", url: `${url}${batch ? "&" : "?"}input=${encodeURIComponent(sent)}`, headers }
        : { method: "POST", url, headers, body: sent };
    }),
  );
}

// ---------------------------------------------------------------- the checks

async function api(method: string, url: string, body: unknown): Promise<any> {
  const res = await fetch(`${web.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, `${method} ${url}`).toBeLessThan(300);
  return res.json();
}

const addTargetConnection = async (): Promise<string> =>
  (
    await api("POST", "/api/v1/connections", {
      name: "target",
      connector: "postgres",
      credentials: { connectionString: "postgresql://app:pw@db.example/orders" },
    })
  ).id;

/** Fair input may change the targets (with a 2xx); each property starts with them as they were. */
async function resetTargets(): Promise<void> {
  await t.db.workflow.update({
    where: { workspaceId_slug: { workspaceId: target.workspaceId, slug: target.slug } },
    data: { enabled: true },
  });
  await t.db.run.update({ where: { id: target.runId }, data: { status: "queued", dispatchedAt: null, endedAt: null } });
  await t.db.apiToken.update({ where: { id: target.tokenId }, data: { revokedAt: null } });
  if (!(await t.db.connection.findFirst({ where: { workspaceId: target.workspaceId, name: "target" } })))
    target.connectionId = await addTargetConnection();
}

let fingerprintSql: string;

/**
 * A hash of each table's content, every column included: no worker runs here,
 * and authenticating reads a token without touching it, so only a write changes one.
 */
async function fingerprint(): Promise<Record<string, string | null>> {
  const [row] = await t.db.$queryRawUnsafe<Record<string, string | null>[]>(fingerprintSql);
  return row!;
}

async function send(c: Case): Promise<{ status: number; text: string }> {
  const res = await fetch(`${web.url}${c.url}`, { method: c.method, headers: c.headers, body: c.body });
  return { status: res.status, text: await res.text() };
}

const describeCase = (c: Case) =>
  `${c.method} ${c.url.slice(0, 200)}${c.body === undefined ? "" : ` (${c.headers["content-type"]}) ${c.body.slice(0, 200)}`}`;

/**
 * Readiness answers 503 while a dependency is down, whatever it is sent: this server has no
 * Temporal, so the probe's 503 (naming it) is its answer, not a failure on the input.
 */
const PROBES: Record<string, (answer: { status: number; text: string }) => boolean> = {
  "/readyz": (answer) => answer.status === 503 && /"temporal":\s*"down"/.test(answer.text),
};

async function neverFailsNorWrites(
  arb: fc.Arbitrary<Case>,
  refused: boolean,
  probeAnswer?: (answer: { status: number; text: string }) => boolean,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arb, async (c) => {
      const before = await fingerprint();
      const answer = await send(c);
      if (!probeAnswer?.(answer))
        expect(
          answer.status,
          `${describeCase(c)} answered ${answer.status}: ${answer.text.slice(0, 300)}`,
        ).toBeLessThan(500);
      if (refused || answer.status >= 300)
        expect(await fingerprint(), `${describeCase(c)} answered ${answer.status} and wrote`).toEqual(before);
    }),
    { numRuns: RUNS },
  );
}

beforeAll(async () => {
  web = await startNextServer({
    DATABASE_URL: t.url,
    TEMPORAL_ADDRESS: "127.0.0.1:1",
    SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SWITCHYARD_OAUTH_CLIENTS: JSON.stringify({
      slack: { clientId: "c", clientSecret: "s", signingSecret: SIGNING_SECRET },
    }),
  });
  const seeded = await seedWorkflow(
    t.db,
    {
      name: "Plain",
      trigger: { type: "webhook" },
      steps: [{ id: "a", uses: "core.transform", with: { value: "{{ trigger.body }}" } }],
    },
    "plain",
  );
  token = seeded.apiToken;
  hookToken = seeded.hookToken;
  // Targets apart from "plain", which the tests after the hostile cases need as it is.
  await api("PUT", "/api/v1/workflows/target", { ...definition, name: "Target" });
  const runId = (await api("POST", "/api/v1/workflows/target/runs", { input: { n: 1 } })).runId;
  target = {
    workspaceId: seeded.workspaceId,
    slug: "target",
    runId,
    eventId: (await t.db.run.findUniqueOrThrow({ where: { id: runId } })).eventId!,
    tokenId: (await api("POST", "/api/v1/tokens", { name: "target", role: "editor" })).id,
    connectionId: await addTargetConnection(),
  };
  const tables = await t.db.$queryRaw<
    { name: string }[]
    // A refused webhook delivery counts itself (WebhookRefusal): the one write a refusal makes, on purpose.
  >`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not in ('_prisma_migrations', 'WebhookRefusal')`;
  fingerprintSql = `select ${tables.map(({ name }) => `(select md5(string_agg(t::text, '' order by t::text)) from "${name}" t) as "${name}"`).join(", ")}`;
}, 180_000);

afterAll(async () => {
  await web?.stop();
});

describe("hostile input", () => {
  beforeEach(resetTargets);

  it("finds the app's routes and procedures, and which take no body", () => {
    expect(ROUTES.map((r) => r.pattern)).toEqual(
      expect.arrayContaining([
        "/hooks/[token]",
        "/api/v1/workflows/[slug]",
        "/api/v1/runs/[runId]/rerun",
        "/api/trpc/[trpc]",
      ]),
    );
    expect(ROUTES.every((r) => r.methods.length > 0)).toBe(true);
    const bodyless = (pattern: string) => ROUTES.find((r) => r.pattern === pattern)?.bodyless;
    expect([
      bodyless("/api/v1/runs/[runId]/cancel"),
      bodyless("/api/v1/connections/[id]"),
      bodyless("/api/v1/workflows/[slug]/disable"),
    ]).toEqual([["POST"], ["DELETE"], ["POST"]]);
    expect([
      bodyless("/hooks/[token]"),
      bodyless("/api/v1/workspace"),
      bodyless("/api/v1/runs/[runId]/rerun"),
      bodyless("/api/trpc/[trpc]"),
    ]).toEqual([["OPTIONS"], [], [], []]);
    expect(PROCEDURES.map((p) => p.name)).toEqual(expect.arrayContaining(["runs.list", "workflows.upsert"]));
  });

  it("sees an update of a target as a write, not only a row more or less", async () => {
    const before = await fingerprint();
    await t.db.apiToken.update({ where: { id: target.tokenId }, data: { revokedAt: new Date(0) } });
    expect(await fingerprint()).not.toEqual(before);
  });

  describe.each(
    ROUTES.flatMap((route) => route.methods.map((method) => ({ route, method, name: `${method} ${route.pattern}` }))),
  )("$name", ({ route, method }) => {
    it.each(CLASSES)(
      "%s: never 5xx, nothing written",
      async (cls) => {
        for (const place of placesFor(route, method))
          await neverFailsNorWrites(
            restCase(route, method, cls, place),
            refusedAt(route, cls, place),
            PROBES[route.pattern],
          );
      },
      120_000,
    );
  });

  describe.each(PROCEDURES.map((p) => ({ ...p, label: `tRPC ${p.name} (${p.type})` })))("$label", (procedure) => {
    it.each(CLASSES)(
      "%s: never 5xx, nothing written",
      async (cls) => {
        await neverFailsNorWrites(trpcCase(procedure, cls), REFUSED[cls].includes("trpc"));
      },
      120_000,
    );
  });
});

describe("the input policy's answers", () => {
  const call = (method: string, url: string, body?: string, type = "application/json") =>
    fetch(`${web.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": type },
      body,
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it("refuse a path that is not UTF-8 before any route sees it, pages included", async () => {
    const refused = {
      status: 400,
      body: { error: { code: "invalid_path", message: "The path is not valid percent-encoded UTF-8." } },
    };
    expect(await call("POST", "/hooks/%ED%A0%80", "{}")).toEqual(refused);
    expect(await call("GET", "/w/%FF/workflows")).toEqual(refused);
    // A valid escape is decoded as ever: this one spells "plain".
    expect((await call("GET", "/api/v1/workflows/pl%61in")).status).toBe(200);
  });

  it("name the JSON path and the problem", async () => {
    const nul = await call("PUT", "/api/v1/workflows/fresh", JSON.stringify({ ...definition, name: "a\u0000b" }));
    expect(nul).toEqual({
      status: 400,
      body: {
        error: {
          code: "invalid_input",
          message: "$.name: contains a NUL character (\\u0000).",
          details: { errors: [{ path: "$.name", message: "contains a NUL character (\\u0000)" }] },
        },
      },
    });
    const surrogate = await call("POST", "/api/v1/workflows/plain/runs", `{"input":{"list":[1,{"\\ud800":1}]}}`);
    expect(surrogate.body.error).toMatchObject({
      code: "invalid_input",
      message: '$.input.list[1]["\\ud800"]: key contains a lone UTF-16 surrogate.',
    });
    const tooDeep = await call(
      "PUT",
      "/api/v1/workflows/fresh",
      `{"name":"x","steps":[{"with":${nested(100_000, "object")}}]}`,
    );
    expect(tooDeep.body.error).toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/^\$\.steps\[0\]\.with(\.a)+: nests deeper than 64 levels\.$/),
    });
    const tooMany = await call(
      "PUT",
      "/api/v1/workflows/fresh",
      JSON.stringify({
        ...definition,
        steps: [{ ...definition.steps[0], needs: Array.from({ length: 130_000 }, () => "a") }],
      }),
    );
    expect(tooMany.body.error).toMatchObject({
      code: "invalid_input",
      message: "$.steps[0].needs: has 130000 entries; at most 10000 are accepted.",
    });
    const yaml = await call(
      "PUT",
      "/api/v1/workflows/fresh",
      `name: x\nsteps:\n${"  - ".repeat(5_000)}x\n`,
      "application/yaml",
    );
    expect(yaml).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", message: "YAML line 3: nests deeper than 64 levels." } },
    });
    expect(await t.db.workflow.count({ where: { slug: "fresh" } })).toBe(0);
  });

  it("let a webhook body carry a batch wider than an API body may", async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({ id: i }));
    const started = await call("POST", "/api/v1/workflows/plain/runs", JSON.stringify({ input: { records } }));
    expect(started).toMatchObject({
      status: 400,
      body: {
        error: { code: "invalid_input", message: "$.input.records: has 20000 entries; at most 10000 are accepted." },
      },
    });
    const hook = await fetch(`${web.url}/hooks/${hookToken}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ records }),
    });
    expect(hook.status).toBe(202);
    const { event } = await t.db.run.findUniqueOrThrow({
      where: { id: ((await hook.json()) as { runId: string }).runId },
      include: { event: true },
    });
    expect((event!.payload as { body: { records: unknown[] } }).body.records).toHaveLength(20_000);
  });

  it("bound a step's needs in the definition itself", async () => {
    const res = await call(
      "PUT",
      "/api/v1/workflows/fresh",
      JSON.stringify({
        ...definition,
        steps: [{ ...definition.steps[0], needs: Array.from({ length: 5_000 }, () => "a") }],
      }),
    );
    expect(res.body.error).toMatchObject({
      code: "invalid_definition",
      details: {
        errors: [{ path: "$.steps[0].needs", message: "a step needs at most 500 steps (a workflow has no more)" }],
      },
    });
  });

  it("are 400s in tRPC too, for inputs and for cursors", async () => {
    const deepInput = await fetch(`${web.url}/api/trpc/workflows.startRun`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: `{"slug":"plain","input":${nested(5_000, "array")}}`,
    });
    expect(deepInput.status).toBe(400);
    expect((await deepInput.json()).error).toMatchObject({
      message: expect.stringMatching(/^\$\.input(\[0\])+: nests deeper than 64 levels\.$/),
      data: { code: "BAD_REQUEST" },
    });
    const far = Buffer.from(JSON.stringify(["+275760-09-13T00:00:00.000Z", "x"])).toString("base64url");
    const list = await fetch(
      `${web.url}/api/trpc/runs.list?input=${encodeURIComponent(JSON.stringify({ cursor: far }))}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(list.status).toBe(400);
    expect((await list.json()).error).toMatchObject({
      data: { code: "BAD_REQUEST" },
      message: expect.stringContaining("cursor"),
    });
    const rest = await call("GET", `/api/v1/runs?cursor=${far}`);
    expect(rest).toMatchObject({ status: 400, body: { error: { code: "invalid_cursor" } } });
  });

  it("refuse hostile signed event deliveries before they reach a trigger", async () => {
    const body = JSON.stringify({
      type: "event_callback",
      team_id: "T1",
      event_id: "E1",
      event: { type: "message", channel: "C1", text: "a\u0000b" },
    });
    const at = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac("sha256", SIGNING_SECRET).update(`v0:${at}:${body}`).digest("hex")}`;
    const res = await fetch(`${web.url}/api/v1/events/slack`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(at),
        "x-slack-signature": signature,
      },
      body,
    });
    expect({ status: res.status, body: await res.json() }).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", message: "$.event.text: contains a NUL character (\\u0000)." } },
    });
  });
});

describe("webhook run data", () => {
  it("keeps the sender's credentials out, by name, in headers and in the query string", async () => {
    const res = await fetch(
      `${web.url}/hooks/${hookToken}?a=1&token=secret-7&api_key=secret-8&access_token=secret-9&sig=secret-10&X-Amz-Signature=secret-11`,
      {
        method: "POST",
        headers: {
          ...{
            "content-type": "application/json",
            authorization: "Bearer secret-1",
            cookie: "session=secret-2",
            "x-api-key": "secret-3",
            "x-hub-signature-256": "sha256=secret-4",
            "stripe-signature": "t=1,v1=secret-5",
            "x-custom-token": "secret-6",
          },
          ...{
            apikey: "secret-12",
            "x-apikey": "secret-13",
            "x-auth": "secret-14",
            "x-authorization": "secret-15",
            "x-session-id": "secret-16",
            "x-request-id": "req-1",
            "idempotency-key": "idem-1",
          },
        },
        body: JSON.stringify({ hello: "world" }),
      },
    );
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const { event } = await t.db.run.findUniqueOrThrow({ where: { id: runId }, include: { event: true } });
    const payload = event!.payload as { headers: Record<string, string>; query: unknown; body: unknown };
    expect(payload).toMatchObject({
      query: {
        a: "1",
        token: "[redacted]",
        api_key: "[redacted]",
        access_token: "[redacted]",
        sig: "[redacted]",
        "X-Amz-Signature": "[redacted]",
      },
      body: { hello: "world" },
    });
    expect(payload.headers).toMatchObject({
      authorization: "[redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "x-hub-signature-256": "[redacted]",
      "stripe-signature": "[redacted]",
      "x-custom-token": "[redacted]",
    });
    expect(payload.headers).toMatchObject({
      apikey: "[redacted]",
      "x-apikey": "[redacted]",
      "x-auth": "[redacted]",
      "x-authorization": "[redacted]",
      "x-session-id": "[redacted]",
      "x-request-id": "req-1",
      "idempotency-key": "idem-1",
    });
    expect(JSON.stringify(payload)).not.toContain("secret-");
  });
});
