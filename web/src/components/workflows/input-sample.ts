// A manual trigger's first input in the run form, from its input schema.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const EMPTY: Record<string, unknown> = { string: "", number: 0, integer: 0, boolean: false, array: [], object: {} };

/**
 * An input to start from: the schema's first example or its default; for an object, its
 * properties' own, with a blank of its type for each required one that has neither, so the
 * form shows what to fill in.
 */
export function sampleInputOf(schema: unknown, depth = 0): unknown {
  if (!isObject(schema) || depth > 8) return undefined;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (!isObject(schema.properties)) return undefined;
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.fromEntries(
    Object.entries(schema.properties).flatMap(([name, property]) => {
      const value =
        sampleInputOf(property, depth + 1) ??
        (required.includes(name) && isObject(property) ? EMPTY[String(property.type)] : undefined);
      return value === undefined ? [] : [[name, value]];
    }),
  );
}
