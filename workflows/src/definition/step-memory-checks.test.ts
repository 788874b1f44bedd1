import { builtinRegistry } from "@switchyard/connectors";
import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate";

const def = (steps: unknown[]) => ({ name: "t", trigger: { type: "webhook" }, steps });
const errors = (steps: unknown[]) => {
  const r = validateDefinition(def(steps), builtinRegistry);
  return r.ok ? [] : r.errors;
};
const lookup = { id: "who", uses: "slack.findUserByEmail", connection: "slack", with: { email: "a@example.com" } };

describe("cache", () => {
  it("is accepted on read and compute steps, with a ttl of days and a key template", () => {
    const r = validateDefinition(
      def([
        { ...lookup, cache: { ttl: "30d", key: "{{ trigger.body.email }}" } },
        { id: "sum", uses: "core.transform", with: { value: 1 }, cache: true },
        { id: "get", uses: "http.request", with: { url: "http://127.0.0.1:9/", method: "GET" }, cache: true },
      ]),
      builtinRegistry,
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.definition.steps[0]!.cache).toEqual({ ttl: "30d", key: "{{ trigger.body.email }}" });
  });

  it("is refused on a write, saying what to use instead", () => {
    expect(errors([{ id: "post", uses: "x.createPost", connection: "x", with: { text: "hi" }, cache: true }])).toEqual([
      {
        path: "$.steps[0].cache",
        message: expect.stringMatching(
          /"x\.createPost" changes something.*use forEach with incremental.*idempotency key/,
        ),
      },
    ]);
    // An HTTP request writes unless its method is GET or HEAD, and a templated method may be anything.
    expect(
      errors([{ id: "p", uses: "http.request", with: { url: "http://h/", method: "POST" }, cache: true }]),
    ).toHaveLength(1);
    expect(
      errors([
        { id: "p", uses: "http.request", with: { url: "http://h/", method: "{{ trigger.body.m }}" }, cache: true },
      ]),
    ).toHaveLength(1);
  });

  it("is refused on a forEach, a ttl past a year, and a key that is no template or reads a step not upstream", () => {
    expect(errors([{ ...lookup, forEach: "{{ trigger.body.emails }}", cache: true }])[0]?.message).toMatch(
      /use incremental/,
    );
    expect(errors([{ ...lookup, cache: { ttl: "400d" } }])[0]).toMatchObject({ path: "$.steps[0].cache.ttl" });
    expect(errors([{ ...lookup, cache: { key: "email" } }])[0]?.message).toMatch(/cache\.key must be a template/);
    expect(errors([{ ...lookup, cache: { ttl: "0s" } }])).toEqual([
      { path: "$.steps[0].cache.ttl", message: "ttl must be longer than 0" },
    ]);
    expect(errors([{ ...lookup, cache: false }])[0]?.message).toMatch(/cache must be true, or .*leave cache out/);
  });

  it("reports a malformed duration by its pattern, never by throwing (ttl, and every duration with a bound)", () => {
    expect(errors([{ ...lookup, cache: { ttl: "5x" } }])).toEqual([
      { path: "$.steps[0].cache.ttl", message: expect.stringMatching(/ttl must look like/) },
    ]);
    const polled = validateDefinition(
      {
        name: "t",
        trigger: { type: "poll", uses: "rss.newItem", with: { url: "http://127.0.0.1:9/" }, every: "5x" },
        steps: [lookup],
      },
      builtinRegistry,
    );
    expect(polled.ok ? [] : polled.errors).toEqual([
      { path: "$.trigger.every", message: expect.stringMatching(/duration must look like/) },
    ]);
    expect(
      errors([
        { ...lookup, cache: { key: "{{ steps.later.output }}" } },
        { id: "later", uses: "core.transform", with: { value: 1 } },
      ]),
    ).toEqual([{ path: "$.steps[0].cache.key", message: expect.stringMatching(/not upstream/) }]);
  });
});

describe("incremental", () => {
  const sync = {
    id: "sync",
    uses: "http.request",
    forEach: "{{ trigger.body.rows }}",
    with: { url: "http://127.0.0.1:9/rows", method: "PUT", body: "{{ item }}" },
  };

  it("is accepted on a forEach of a connector operation, writes included", () => {
    expect(errors([{ ...sync, incremental: { key: "{{ item.id }}", version: "{{ item.updated_at }}" } }])).toEqual([]);
  });

  it("needs a forEach of a connector operation, and templates that parse", () => {
    const { forEach: _, ...single } = sync;
    expect(errors([{ ...single, incremental: { key: "{{ item.id }}" } }])).toEqual([
      { path: "$.steps[0].incremental", message: expect.stringMatching(/add forEach/) },
    ]);
    expect(
      errors([
        {
          id: "t",
          uses: "core.transform",
          forEach: "{{ trigger.body.rows }}",
          with: { value: 1 },
          incremental: { key: "{{ item.id }}" },
        },
      ]),
    ).toEqual([{ path: "$.steps[0].incremental", message: expect.stringMatching(/not to core\.transform/) }]);
    expect(errors([{ ...sync, incremental: { key: "{{ item.( }}" } }])[0]).toMatchObject({
      path: "$.steps[0].incremental.key",
    });
  });
});
