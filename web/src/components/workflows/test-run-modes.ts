/** The ways to try a workflow from the editor, as the run API takes them. */
export type TestRunMode = "whole" | "testMode" | "upTo" | "only";

export const TEST_RUN_MODES: { mode: TestRunMode; title: string; hint: string }[] = [
  { mode: "whole", title: "Run with sample input", hint: "Every step runs for real." },
  { mode: "testMode", title: "Run in test mode", hint: "Each step with side effects waits for you first." },
  { mode: "upTo", title: "Run up to a step", hint: "The step and what it depends on; nothing after." },
  { mode: "only", title: "Run one step", hint: "Alone, on sample outputs of the steps before it." },
];

/** Parses a JSON editor's text: the value, or the parser's complaint. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: text.trim() ? (JSON.parse(text) as unknown) : {} };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export const prettyJson = (value: unknown): string => JSON.stringify(value ?? {}, null, 2);
