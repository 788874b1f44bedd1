// The activity-side renderer: cheap renders in-thread, the rest in a worker thread
// under deterministic limits plus a wall-clock timeout.
import { describe, expect, it } from "vitest";
import { LIMITS, type TemplateContext } from "../definition/template";
import { INLINE_UNITS, renderBounded, renderInThread } from "./render";

const ctx = (trigger: unknown = {}): TemplateContext => ({ trigger, steps: {}, workflow: { name: "w" }, run: { id: "r", startedAt: "2020-01-01T00:00:00.000Z" } });
/** Tail recursion: about nine units per turn, at no depth. */
const loop = (n: number) => `{{ ($f := function($n){ $n <= 0 ? 'done' : $f($n - 1) }; $f(${n})) }}`;

describe("renderBounded", () => {
  it("renders cheap and expensive templates alike; only the limits make a difference", async () => {
    expect(await renderBounded({ a: "{{ trigger.x + 1 }}" }, ctx({ x: 1 }))).toEqual({ a: 2 });
    // Past the in-thread allowance, and past what the workflow sandbox would take: finished by a thread.
    const turns = Math.floor((INLINE_UNITS + LIMITS.templateUnits) / 9);
    expect(await renderBounded({ a: loop(turns) }, ctx())).toEqual({ a: "done" });
    await expect(renderBounded({ a: loop(1_000_000) }, ctx())).rejects.toThrow(`template exceeded its limits: evaluation steps (a step's templates off the event loop may take ${LIMITS.threadUnits})`);
    await expect(renderBounded({ a: "{{ ($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(1000000)) }}" }, ctx())).rejects.toThrow("template exceeded its limits: depth");
  });

  it("the event loop keeps turning while a thread renders", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await expect(renderBounded({ a: loop(1_000_000) }, ctx())).rejects.toThrow("template exceeded its limits");
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it("a thread past its time is stopped, and the next render gets a fresh one", async () => {
    await expect(renderInThread({ a: loop(1_000_000) }, ctx(), 1)).rejects.toThrow("template exceeded its limits: time (still running after 0.001 s)");
    expect(await renderInThread({ a: loop(10) }, ctx())).toEqual({ a: "done" });
  });

  it("errors that are not limits come back as template errors", async () => {
    await expect(renderInThread({ a: "{{ $now() }}" }, ctx())).rejects.toThrow("$now() is not allowed in templates");
    await expect(renderInThread({ a: "{{ function($x){ $x } }}" }, ctx())).rejects.toThrow();
  });
});
