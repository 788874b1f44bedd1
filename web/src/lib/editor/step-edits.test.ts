import { describe, expect, it } from "vitest";
import { addStep, idBase, possibleParents, removeSteps, renameStep, setNeeds, uniqueStepId } from "./step-edits";
import { announce } from "./test-fixtures";

const ids = (d: { steps: { id: string }[] }) => d.steps.map((s) => s.id);

describe("step ids", () => {
  it("come from the action's name as a slug templates can read unquoted", () => {
    expect(idBase("postMessage")).toBe("post_message");
    expect(idBase("HTTP request!")).toBe("http_request");
    expect(idBase("123")).toBe("step");
  });

  it("are numbered when taken", () => {
    expect(uniqueStepId("send", new Set(["send", "send_2"]))).toBe("send_3");
    expect(uniqueStepId("send", new Set())).toBe("send");
  });
});

describe("addStep", () => {
  it("adds a step after the selected one with a fresh id", () => {
    const { definition, id } = addStep(announce, "slack.postMessage", "tweet");
    expect(id).toBe("post_message");
    expect(definition.steps.at(-1)).toMatchObject({ id, uses: "slack.postMessage", needs: ["tweet"], with: {} });
  });

  it("hangs from the trigger when nothing (or the trigger) is selected", () => {
    expect(addStep(announce, "http.request", "trigger").definition.steps.at(-1)!.needs).toEqual([]);
  });
});

describe("removeSteps", () => {
  it("drops the steps and the needs of them", () => {
    const d = removeSteps(announce, new Set(["tweet"]));
    expect(ids(d)).not.toContain("tweet");
    expect(d.steps.find((s) => s.id === "notify")!.needs).toEqual(["facebook"]);
  });
});

describe("renameStep", () => {
  it("renames needs and template reads of the step", () => {
    const r = renameStep(announce, "tweet", "post");
    if (!r.ok) throw new Error(r.error);
    const notify = r.definition.steps.find((s) => s.id === "notify")!;
    expect(notify.needs).toEqual(["post", "facebook"]);
    expect(notify.with.text).toBe("Posted: {{ steps.post.output.url }}");
  });

  it("renames reads in a step's cache key and incremental templates", () => {
    const d = {
      ...announce,
      steps: announce.steps.map((s) =>
        s.id === "notify"
          ? {
              ...s,
              cache: { ttl: "1d", key: "{{ steps.tweet.output.id }}" },
              incremental: { key: "{{ steps.tweet.output.id & item }}" },
            }
          : s,
      ),
    };
    const r = renameStep(d, "tweet", "post");
    if (!r.ok) throw new Error(r.error);
    const notify = r.definition.steps.find((s) => s.id === "notify")!;
    expect(notify.cache).toEqual({ ttl: "1d", key: "{{ steps.post.output.id }}" });
    expect(notify.incremental).toEqual({ key: "{{ steps.post.output.id & item }}" });
  });

  it("leaves reads of a step whose id only starts alike", () => {
    const d = { ...announce, steps: [...announce.steps, { ...announce.steps[3]!, id: "tw" }] };
    const r = renameStep(d, "tw", "x");
    expect(r.ok && r.definition.steps.find((s) => s.id === "notify")!.with.text).toBe(
      "Posted: {{ steps.tweet.output.url }}",
    );
  });

  it("refuses a duplicate or a malformed id", () => {
    expect(renameStep(announce, "tweet", "facebook")).toEqual({
      ok: false,
      error: 'another step is already called "facebook"',
    });
    expect(renameStep(announce, "tweet", "Tweet").ok).toBe(false);
  });
});

describe("runs after", () => {
  it("offers every step but the step itself and its descendants", () => {
    expect(possibleParents(announce, "tweet")).toEqual(["review", "facebook", "log"]);
  });

  it("sets needs and refuses a cycle", () => {
    const r = setNeeds(announce, "log", ["notify"]);
    expect(r.ok && r.definition.steps.find((s) => s.id === "log")!.needs).toEqual(["notify"]);
    expect(setNeeds(announce, "review", ["notify"])).toEqual({
      ok: false,
      error: expect.stringContaining("dependency cycle"),
    });
    expect(setNeeds(announce, "log", ["nope"])).toEqual({ ok: false, error: 'no step "nope"' });
  });
});
