import { z } from "zod";

/** What a page property becomes for users: a plain value, or a flat list for multi-valued ones. */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const simpleValue = z.union([scalar, z.null(), z.array(scalar)]);
export type SimpleValue = z.infer<typeof simpleValue>;

const plainText = z
  .array(z.object({ plain_text: z.string() }))
  .transform((parts) => parts.map((p) => p.plain_text).join(""));
const optionName = z
  .object({ name: z.string() })
  .nullable()
  .transform((o) => o?.name ?? null);
const ids = z.array(z.object({ id: z.string() })).transform((refs) => refs.map((r) => r.id));
const dateStart = z
  .object({ start: z.string() })
  .nullable()
  .transform((d) => d?.start ?? null);
const nullableString = z.string().nullable();
const fileUrls = z
  .array(
    z.union([z.object({ file: z.object({ url: z.string() }) }), z.object({ external: z.object({ url: z.string() }) })]),
  )
  .transform((files) => files.map((f) => ("file" in f ? f.file.url : f.external.url)));
const formula = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("string"), string: nullableString }),
    z.object({ type: z.literal("number"), number: z.number().nullable() }),
    z.object({ type: z.literal("boolean"), boolean: z.boolean().nullable() }),
    z.object({ type: z.literal("date"), date: dateStart }),
  ])
  .transform(
    (f): SimpleValue => ("string" in f ? f.string : "number" in f ? f.number : "boolean" in f ? f.boolean : f.date),
  );

/** How each property type's payload (`value[value.type]`) reads as a simple value. */
const readers: Record<string, z.ZodType<SimpleValue, unknown>> = {
  title: plainText,
  rich_text: plainText,
  number: z.number().nullable(),
  checkbox: z.boolean(),
  select: optionName,
  status: optionName,
  multi_select: z.array(z.object({ name: z.string() })).transform((options) => options.map((o) => o.name)),
  date: dateStart,
  people: ids,
  relation: ids,
  url: nullableString,
  email: nullableString,
  phone_number: nullableString,
  files: fileUrls,
  formula,
  created_time: z.string(),
  last_edited_time: z.string(),
  created_by: z.object({ id: z.string() }).transform((u) => u.id),
  last_edited_by: z.object({ id: z.string() }).transform((u) => u.id),
  unique_id: z
    .object({ prefix: z.string().nullable(), number: z.number().nullable() })
    .transform((u) => (u.prefix && u.number !== null ? `${u.prefix}-${u.number}` : u.number)),
  verification: z
    .object({ state: z.string() })
    .nullable()
    .transform((v) => v?.state ?? null),
};

/**
 * A typed value (`{ type, [type]: payload }`, as page properties and rollups come)
 * read by its type's reader; types without one (buttons, future ones) read as null.
 */
const byType = (typed: Record<string, z.ZodType<SimpleValue, unknown>>): z.ZodType<SimpleValue, unknown> =>
  z.looseObject({ type: z.string() }).transform((value, ctx) => {
    const reader = Object.hasOwn(typed, value.type) ? typed[value.type] : undefined;
    if (!reader) return null;
    const read = reader.safeParse(value[value.type]);
    if (read.success) return read.data;
    for (const issue of read.error.issues)
      ctx.issues.push({
        code: "custom",
        message: `${value.type}: ${issue.message}`,
        path: [value.type, ...issue.path],
        input: value,
      });
    return z.NEVER;
  });

/** One page property value. */
const propertyValue = byType(readers);

/**
 * A rollup's array holds property values of its own (without names); they are flattened into one list.
 * Notion also answers `incomplete` (too many related pages to compute) and `unsupported`: those, like any
 * type not listed here, read as null.
 */
readers.rollup = byType({
  number: z.number().nullable(),
  date: dateStart,
  array: z
    .array(propertyValue)
    .transform((values) => values.flat().filter((v): v is z.infer<typeof scalar> => v !== null)),
});

/** A page as the API returns it, read into the shape operations output. */
export const page = z
  .object({
    id: z.string(),
    url: z.string(),
    created_time: z.string(),
    last_edited_time: z.string(),
    properties: z.record(z.string(), propertyValue),
  })
  .transform((p) => ({
    id: p.id,
    url: p.url,
    createdTime: p.created_time,
    lastEditedTime: p.last_edited_time,
    properties: p.properties,
  }));

export const simplePage = z.object({
  id: z.string(),
  url: z.string(),
  createdTime: z.string(),
  lastEditedTime: z.string(),
  properties: z.record(z.string(), simpleValue),
});
