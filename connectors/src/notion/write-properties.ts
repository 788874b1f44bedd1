import { z } from "zod";
import { NonRetryableError } from "../sdk/errors";
import { toRichText } from "./rich-text";

/** What a user may give for one property. */
export const simpleInput = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export type SimpleInput = z.infer<typeof simpleInput>;

/** The part of a database's schema needed to convert values: each property's type, by name. */
export const databaseSchema = z.object({
  title: z.array(z.object({ plain_text: z.string() })).optional(),
  properties: z.record(z.string(), z.looseObject({ type: z.string() })),
});
export type DatabaseSchema = z.infer<typeof databaseSchema>;

/** Types whose value Notion computes; a page cannot set them. */
const COMPUTED = new Set([
  "formula",
  "rollup",
  "created_time",
  "created_by",
  "last_edited_time",
  "last_edited_by",
  "unique_id",
  "button",
  "verification",
]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

class BadValue extends Error {}

const text = (v: Exclude<SimpleInput, null>): string => (Array.isArray(v) ? v.join(", ") : String(v));
/** Lists may also come as one comma-separated string (Notion option names cannot contain commas). */
const list = (v: Exclude<SimpleInput, null>): string[] =>
  (Array.isArray(v) ? v : String(v).split(",")).map((s) => s.trim()).filter(Boolean);
function single(v: Exclude<SimpleInput, null>, expected: string): string {
  if (Array.isArray(v) || typeof v === "boolean") throw new BadValue(`expected ${expected}`);
  return String(v);
}

/** How a simple value becomes each writable property type's value object. */
const writers: Record<string, (v: Exclude<SimpleInput, null>) => unknown> = {
  title: (v) => ({ title: toRichText(text(v)) }),
  rich_text: (v) => ({ rich_text: toRichText(text(v)) }),
  number: (v) => {
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw new BadValue("expected a number");
    return { number: n };
  },
  checkbox: (v) => {
    const b =
      typeof v === "boolean"
        ? v
        : typeof v === "string" && /^(true|false)$/i.test(v.trim())
          ? v.trim().toLowerCase() === "true"
          : undefined;
    if (b === undefined) throw new BadValue("expected true or false");
    return { checkbox: b };
  },
  select: (v) => ({ select: { name: single(v, "one option name") } }),
  status: (v) => ({ status: { name: single(v, "one status name") } }),
  multi_select: (v) => ({ multi_select: list(v).map((name) => ({ name })) }),
  date: (v) => {
    const start = single(v, "an ISO date").trim();
    if (!ISO_DATE.test(start) || Number.isNaN(Date.parse(start)))
      throw new BadValue("expected an ISO date like 2026-03-01 or 2026-03-01T09:30:00Z");
    return { date: { start } };
  },
  url: (v) => ({ url: single(v, "a URL") }),
  email: (v) => ({ email: single(v, "an email address") }),
  phone_number: (v) => ({ phone_number: single(v, "a phone number") }),
  people: (v) => ({ people: list(v).map((id) => ({ object: "user", id })) }),
  relation: (v) => ({ relation: list(v).map((id) => ({ id })) }),
};

const describeValue = (v: unknown) => JSON.stringify(v)?.slice(0, 80);

/**
 * Simple values as Notion property values, typed by the database's schema.
 * Empty values (null, "", []) are left out: a new page starts with every property empty.
 */
export function toNotionProperties(
  values: Record<string, SimpleInput>,
  database: DatabaseSchema,
): Record<string, unknown> {
  const unknown = Object.keys(values).filter((name) => !Object.hasOwn(database.properties, name));
  if (unknown.length) {
    const title = database.title?.map((t) => t.plain_text).join("") || "the database";
    const known = Object.entries(database.properties)
      .map(([name, p]) => `${name} (${p.type})`)
      .join(", ");
    throw new NonRetryableError(
      `Notion: ${title} has no ${unknown.length > 1 ? "properties" : "property"} named ` +
        `${unknown.map((n) => `"${n}"`).join(", ")}; its properties are: ${known}`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const { type } = database.properties[name]!;
    if (value === null || value === "" || (Array.isArray(value) && !value.length)) continue;
    if (COMPUTED.has(type))
      throw new NonRetryableError(`Notion property "${name}" is a ${type}, which Notion computes; it cannot be set`);
    const write = writers[type];
    if (!write)
      throw new NonRetryableError(
        `Notion property "${name}" is a ${type}, which cannot be set from a simple value; ` +
          "give it in notionProperties in Notion's own shape",
      );
    try {
      out[name] = write(value);
    } catch (err) {
      if (err instanceof BadValue)
        throw new NonRetryableError(
          `Notion property "${name}" is a ${type}: ${err.message}, got ${describeValue(value)}`,
        );
      // Text too long for Notion: say which property holds it.
      if (err instanceof NonRetryableError) throw new NonRetryableError(`Notion property "${name}": ${err.message}`);
      throw err;
    }
  }
  return out;
}
