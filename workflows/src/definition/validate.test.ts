import { builtinRegistry, createRegistry, defineAction, defineConnector } from "@switchyard/connectors";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate";

const http = (id: string, needs: string[] = [], extra: object = {}) => ({
  id,
  uses: "http.request",
  needs,
  with: { url: "http://127.0.0.1:9/x" },
  ...extra,
});
const def = (steps: unknown[]) => ({ name: "t", trigger: { type: "webhook" }, steps });
const errors = (input: unknown) => {
  const r = validateDefinition(input, builtinRegistry);
  return r.ok ? [] : r.errors;
};

describe("validateDefinition", () => {
  it("accepts a valid graph and fills defaults", () => {
    const r = validateDefinition(
      def([{ id: "a", uses: "http.request", with: { url: "http://127.0.0.1:9/" } }, http("b", ["a"])]),
      builtinRegistry,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.definition.steps[0]).toMatchObject({ id: "a", needs: [] });
  });

  it("reports every problem at once, each with its JSON path", () => {
    const errs = errors(
      def([
        http("a"),
        http("a"),
        http("b", ["missing"]),
        { id: "c", uses: "nope.thing", with: {} },
        { id: "d", uses: "http.request", with: { url: "not a url", method: "FETCH" } },
      ]),
    );
    expect(errs).toEqual(
      expect.arrayContaining([
        { path: "$.steps[1].id", message: 'duplicate step id "a" (first used by $.steps[0])' },
        { path: "$.steps[2].needs[0]", message: 'unknown step "missing"' },
        { path: "$.steps[3].uses", message: 'unknown operation "nope.thing"' },
        expect.objectContaining({ path: "$.steps[4].with.url" }),
        expect.objectContaining({ path: "$.steps[4].with.method" }),
      ]),
    );
    expect(errs).toHaveLength(5);
  });

  it("keeps the id trigger for the trigger, which the editor draws as a node of that name", () => {
    expect(errors(def([http("trigger")]))).toEqual([
      { path: "$.steps[0].id", message: '"trigger" is reserved for the trigger; name the step otherwise' },
    ]);
  });

  it("names the steps of a cycle", () => {
    expect(errors(def([http("a", ["c"]), http("b", ["a"]), http("c", ["b"]), http("free")]))).toEqual([
      { path: "$.steps[0].needs", message: "dependency cycle: a → c → b → a" },
    ]);
    expect(errors(def([http("a", ["a"])]))).toEqual([
      { path: "$.steps[0].needs[0]", message: 'step "a" cannot need itself' },
    ]);
  });

  it("rejects bad ids, shapes and more than 500 steps", () => {
    expect(errors(def([{ id: "Bad Id", uses: "http.request", with: {} }]))[0]).toMatchObject({ path: "$.steps[0].id" });
    expect(errors({ name: "t", steps: [] })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "$.trigger" }),
        expect.objectContaining({ path: "$.steps", message: "a workflow needs at least one step" }),
      ]),
    );
    const many = Array.from({ length: 501 }, (_, i) => http(`s${i}`));
    expect(errors(def(many))).toEqual([{ path: "$.steps", message: "a workflow has at most 500 steps" }]);
  });

  it("checks templates: syntax, and that they read only upstream steps", () => {
    const errs = errors(
      def([
        http("a"),
        http("b", ["a"], { with: { url: "{{ steps.a.output.body.next }}", body: "{{ steps.c.output }}" } }),
        http("c", [], { with: { url: "http://127.0.0.1:9/{{ (( }}" } }),
        http("d", ["b"], { if: "{{ steps.nope.output }}" }),
      ]),
    );
    expect(errs).toEqual([
      {
        path: "$.steps[1].with.body",
        message:
          'template reads step "c", which is not upstream of "b"; add it to needs (directly or through another step)',
      },
      expect.objectContaining({ path: "$.steps[2].with.url", message: expect.stringContaining("invalid template") }),
      { path: "$.steps[3].if", message: 'template reads unknown step "nope"' },
    ]);
  });

  it("reads ids with dashes through backticks, and ancestors through several hops", () => {
    expect(
      errors(
        def([
          http("first-step"),
          http("mid", ["first-step"]),
          http("last", ["mid"], { with: { url: "{{ steps.`first-step`.output.body.url }}" } }),
        ]),
      ),
    ).toEqual([]);
  });

  it("skips schema checks for templated values but keeps them for literal ones", () => {
    expect(
      errors(
        def([
          {
            id: "a",
            uses: "http.request",
            with: { url: "{{ trigger.body.url }}", method: "{{ trigger.body.method }}" },
          },
        ]),
      ),
    ).toEqual([]);
    expect(
      errors(def([{ id: "a", uses: "http.request", with: { url: "{{ trigger.body.url }}", method: "FETCH" } }])),
    ).toEqual([expect.objectContaining({ path: "$.steps[0].with.method" })]);
  });

  it("requires a connection for operations of connectors that authenticate", () => {
    const post = defineAction({
      name: "post",
      effect: "write",
      title: "Post",
      description: "",
      props: z.object({ text: z.string() }),
      output: z.unknown(),
      sampleOutput: {},
      run: async () => ({}),
    });
    const registry = createRegistry([
      ...builtinRegistry.connectors,
      defineConnector({
        slug: "chat",
        name: "Chat",
        description: "",
        icon: "",
        categories: [],
        auth: { kind: "bearer" },
        actions: [post],
      }),
    ]);
    const check = (s: object) => {
      const r = validateDefinition(def([s]), registry);
      return r.ok ? [] : r.errors;
    };
    expect(check({ id: "a", uses: "chat.post", with: { text: "hi" } })).toEqual([
      {
        path: "$.steps[0].connection",
        message: '"chat.post" needs a connection: name one of the workspace\'s connected accounts',
      },
    ]);
    expect(check({ id: "a", uses: "chat.post", connection: "team-chat", with: { text: "hi" } })).toEqual([]);
  });
});

describe("polling triggers", () => {
  const withTrigger = (trigger: unknown) => ({ name: "t", trigger, steps: [http("a")] });

  it("accepts a polling trigger and fills its defaults", () => {
    const r = validateDefinition(
      withTrigger({ type: "poll", uses: "rss.newItem", with: { feedUrl: "https://example.com/feed.xml" } }),
      builtinRegistry,
    );
    expect(r.ok && r.definition.trigger).toEqual({
      type: "poll",
      uses: "rss.newItem",
      with: { feedUrl: "https://example.com/feed.xml" },
      every: "5m",
      includeExisting: false,
    });
  });

  it("accepts a Slack event trigger; refuses one without a connection or with a polling trigger's name", () => {
    const event = (extra: object) =>
      withTrigger({ type: "event", uses: "slack.newMessage", with: { channel: "C0123ABCD" }, ...extra });
    expect(validateDefinition(event({ connection: "team" }), builtinRegistry).ok).toBe(true);
    expect(errors(event({}))).toEqual([{ path: "$.trigger.connection", message: expect.any(String) }]);
    expect(errors(withTrigger({ type: "event", uses: "rss.newItem", connection: "x" }))).toEqual([
      { path: "$.trigger.uses", message: '"rss.newItem" is a polling trigger, not an event one' },
    ]);
    expect(errors(event({ connection: "team", with: { channel: "#general" } }))).toEqual([
      { path: "$.trigger.with.channel", message: expect.any(String) },
    ]);
  });

  it("a webhook trigger may name a connector's webhook trigger; connection and with need it", () => {
    const gh = { type: "webhook", uses: "github.webhookEvent", connection: "gh", with: { owner: "acme", repo: "app" } };
    expect(validateDefinition(withTrigger(gh), builtinRegistry).ok).toBe(true);
    expect(validateDefinition(withTrigger({ type: "webhook" }), builtinRegistry).ok).toBe(true);
    expect(errors(withTrigger({ type: "webhook", connection: "gh" }))).toEqual([
      { path: "$.trigger", message: expect.stringContaining("name it in uses") },
    ]);
    expect(errors(withTrigger({ ...gh, uses: "slack.newMessage" }))).toEqual([
      { path: "$.trigger.uses", message: '"slack.newMessage" is an event trigger, not a webhook one' },
    ]);
    expect(errors(withTrigger({ ...gh, connection: undefined }))).toEqual([
      { path: "$.trigger.connection", message: expect.any(String) },
    ]);
  });

  it("refuses unknown and non-polling triggers, missing connections, bad props and intervals under 30s", () => {
    expect(errors(withTrigger({ type: "poll", uses: "rss.nope" }))).toEqual([
      { path: "$.trigger.uses", message: 'unknown trigger "rss.nope"' },
    ]);
    expect(errors(withTrigger({ type: "poll", uses: "github.webhookEvent" }))).toEqual([
      { path: "$.trigger.uses", message: '"github.webhookEvent" is a webhook trigger, not a polling one' },
    ]);
    expect(errors(withTrigger({ type: "poll", uses: "rss.newItem", with: { feedUrl: "ftp://x" } }))).toEqual([
      { path: "$.trigger.with.feedUrl", message: expect.stringMatching(/URL/i) },
    ]);
    expect(
      errors(withTrigger({ type: "poll", uses: "rss.newItem", with: { feedUrl: "https://e.com/f" }, every: "10s" })),
    ).toEqual([{ path: "$.trigger.every", message: "polls run at most every 30s" }]);
    const needsAccount = createRegistry([
      ...builtinRegistry.connectors,
      defineConnector({
        slug: "acct",
        name: "Acct",
        description: "",
        icon: "",
        categories: [],
        auth: { kind: "bearer" },
        actions: [],
        triggers: [
          {
            name: "newThing",
            title: "New",
            description: "",
            kind: "poll",
            props: z.object({}),
            output: z.object({ id: z.string() }),
            sampleOutput: { id: "1" },
            poll: async () => [],
          },
        ],
      }),
    ]);
    const r = validateDefinition(withTrigger({ type: "poll", uses: "acct.newThing" }), needsAccount);
    expect(r.ok ? [] : r.errors).toEqual([
      {
        path: "$.trigger.connection",
        message: '"acct.newThing" needs a connection: name one of the workspace\'s connected accounts',
      },
    ]);
  });
});

describe("checkpoints", () => {
  const gate = (withProps: object, extra: object = {}) => ({
    id: "gate",
    uses: "core.checkpoint",
    with: { title: "Go?", ...withProps },
    ...extra,
  });

  it("accepts a checkpoint whose editable field names a later step's input", () => {
    expect(errors(def([gate({ editable: [{ field: "post.with.body" }] }), http("post", ["gate"])]))).toEqual([]);
  });

  it("refuses fields of steps that do not wait for it, forEach targets, forEach checkpoints and bad props", () => {
    expect(
      errors(
        def([
          gate({ editable: [{ field: "post.with.body" }, { field: "each.with.body" }] }, { forEach: "{{ [1] }}" }),
          http("post"),
          http("each", ["gate"], { forEach: "{{ [1, 2] }}" }),
        ]),
      ),
    ).toEqual([
      { path: "$.steps[0].forEach", message: "a checkpoint decides once: it cannot have forEach" },
      {
        path: "$.steps[0].with.editable[0].field",
        message: '"post.with.body" must name an input of a step that needs "gate"',
      },
      {
        path: "$.steps[0].with.editable[1].field",
        message: '"each" runs once per item (forEach): its inputs cannot be edited here',
      },
    ]);
    expect(errors(def([gate({ kind: "task" })]))).toEqual([
      { path: "$.steps[0].with.form", message: "a task needs at least one form field" },
    ]);
    expect(
      errors(def([gate({ kind: "task", onTimeout: "approve", form: [{ name: "count", type: "number" }] })])),
    ).toEqual([
      {
        path: "$.steps[0].with.onTimeout",
        message: 'a task that times out to "approve" needs defaults for its required fields: count',
      },
    ]);
    expect(errors(def([gate({ quorum: 0, onTimeout: "maybe" })])).map((e) => e.path)).toEqual([
      "$.steps[0].with.quorum",
      "$.steps[0].with.onTimeout",
    ]);
  });
});

describe("webhook triggers", () => {
  it("take methods and a body limit, but a connector's webhook takes only what its provider sends", () => {
    const plain = { ...def([http("a")]), trigger: { type: "webhook", methods: ["GET", "POST"], maxBodyBytes: 2048 } };
    expect(errors(plain)).toEqual([]);
    const github = {
      ...def([http("a")]),
      trigger: {
        type: "webhook",
        uses: "github.webhookEvent",
        connection: "gh",
        with: { owner: "acme", repo: "app", events: ["push"] },
        methods: ["GET"],
      },
    };
    expect(errors(github)).toEqual([
      {
        path: "$.trigger.methods",
        message: "a connector's webhook trigger takes what its provider sends (POST); methods are for plain webhooks",
      },
    ]);
  });
});
