// What an incremental fan-out knows each item by: its key (`incremental.key`, rendered) and its
// fingerprint (a hash of the rendered `incremental.version`, or else of the item's rendered input).
import { setImmediate as turn } from "node:timers/promises";
import { CancelledFailure } from "@temporalio/activity";
import { MAX_ITEM_KEY_CHARS, type IncrementalSetting } from "../definition/step-memory";
import { TemplateError, type TemplateContext } from "../definition/template";
import type { BatchItem, ItemMemory } from "../interpreter/contract";
import { renderBounded } from "./render";
import { hashOf } from "./step-identity";

/** As for a batch's items: the activity heartbeats, so a cancel or timeout reaches the wait first. */
const RENDER_WAIT_MS = 5 * 60_000;
/** Items marked between turns of the event loop, which the worker's other activities and heartbeats share. */
const ITEMS_PER_TURN = 200;
/** How much of a key an error message quotes. */
const QUOTED_KEY_CHARS = 80;

/** No fingerprint matches it: an item whose input does not render runs (and fails there, as its own error). */
const UNRENDERED = "";

export interface MarkOptions {
  runId: string;
  signal: AbortSignal;
}

const quote = (key: string) =>
  JSON.stringify(key.length > QUOTED_KEY_CHARS ? `${key.slice(0, QUOTED_KEY_CHARS)}…` : key);

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (value === "") return "an empty string";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${String(value)}`;
}

/** A key is a non-empty string or a number, written as text, of bounded length. */
function keyOf(value: unknown, index: number): string {
  const key =
    typeof value === "number" && Number.isFinite(value) ? String(value) : typeof value === "string" ? value : "";
  if (!key)
    throw new TemplateError(
      `incremental.key of item ${index} rendered to ${describeValue(value)}: a key must be a non-empty string or a number`,
    );
  if (key.length > MAX_ITEM_KEY_CHARS)
    throw new TemplateError(
      `incremental.key of item ${index} is ${key.length} characters long; a key may have at most ${MAX_ITEM_KEY_CHARS}`,
    );
  return key;
}

/**
 * Each item's key and fingerprint, in list order. A key that does not render, or names two
 * items, fails the step (TemplateError): without one key per item, no memory can be kept.
 */
export async function markItems(
  items: BatchItem[],
  template: Record<string, unknown>,
  incremental: IncrementalSetting,
  context: TemplateContext,
  { runId, signal }: MarkOptions,
): Promise<ItemMemory[]> {
  const seen = new Map<string, number>();
  const marks: ItemMemory[] = [];
  const options = { key: runId, signal, maxWaitMs: RENDER_WAIT_MS };
  for (const { item, index } of items) {
    if (marks.length % ITEMS_PER_TURN === ITEMS_PER_TURN - 1) await turn();
    if (signal.aborted) throw new CancelledFailure("planning cancelled");
    const c = { ...context, item, index };
    const key = keyOf(await renderIn(incremental.key, c, options, `incremental.key of item ${index}`), index);
    const first = seen.get(key);
    if (first !== undefined)
      throw new TemplateError(
        `incremental.key ${quote(key)} names items ${first} and ${index}: each item of the list needs its own key`,
      );
    seen.set(key, index);
    marks.push({ key, fingerprint: await fingerprintOf(template, incremental, c, options, index) });
  }
  return marks;
}

async function fingerprintOf(
  template: Record<string, unknown>,
  incremental: IncrementalSetting,
  c: TemplateContext,
  options: { key: string; signal: AbortSignal; maxWaitMs: number },
  index: number,
): Promise<string> {
  if (incremental.version) {
    const version = await renderIn(incremental.version, c, options, `incremental.version of item ${index}`);
    // A missing version (a misspelt field) would match itself forever, and the item would never run again.
    if (version === undefined)
      throw new TemplateError(
        `incremental.version of item ${index} rendered to ${describeValue(version)}: each item needs a version that changes with it`,
      );
    return hashOf(version);
  }
  try {
    return hashOf(await renderBounded(template, c, options));
  } catch (err) {
    if (err instanceof TemplateError && !options.signal.aborted) return UNRENDERED;
    throw err;
  }
}

/** `{{ item.id }}`, `{{ item.meta.updated_at }}`: a field path under the item, nothing more. */
const ITEM_FIELD_PATH = /^\{\{\s*item((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\}\}$/;

/**
 * The value at a plain field path of the item, read directly, while every step of the way is a
 * plain object and the value is no list: exactly what JSONata answers then. Otherwise (a list, which
 * JSONata maps over; anything else) undefined, and the template is evaluated. Keys and versions are
 * nearly always such paths, and a list of 10,000 items has 20,000 of them to read.
 */
function itemField(template: string, item: unknown): { value: unknown } | undefined {
  const path = ITEM_FIELD_PATH.exec(template)?.[1];
  if (!path) return undefined;
  let value = item;
  for (const name of path.slice(1).split(".")) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return Array.isArray(value) || value === undefined ? undefined : { value };
}

/** Renders one of the step's `incremental` templates; its errors name the template and the item. */
async function renderIn(
  template: string,
  c: TemplateContext,
  options: { key: string; signal: AbortSignal; maxWaitMs: number },
  what: string,
): Promise<unknown> {
  const field = itemField(template, c.item);
  if (field) return field.value;
  try {
    return await renderBounded(template, c, options);
  } catch (err) {
    if (options.signal.aborted) throw new CancelledFailure("planning cancelled");
    if (err instanceof TemplateError) throw new TemplateError(`${what}: ${err.message}`);
    throw err;
  }
}
