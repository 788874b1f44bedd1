// A manual trigger's input schema (JSON Schema draft 2020-12): checked at save, compiled once,
// and held against each manual run's input. Tenants write these schemas and the web process
// runs them, so none may reach the network (a $ref stays inside its schema, which names no $id),
// grow past its bounds, or take more than linear time on an input: `pattern`,
// `patternProperties` and the formats' expressions run on RE2 (re2js), never on V8's
// backtracking engine. Each schema gets its own Ajv instance, so no schema sees another's.
import { Ajv2020, type ErrorObject, type Format, type ValidateFunction } from "ajv/dist/2020";
import { fullFormats } from "ajv-formats/dist/formats";
import { RE2JS } from "re2js";
import { canonicalJson } from "./canonical";
import { expansionProblem } from "./input-schema-cost";
import { jsonBytesUpTo, Lru } from "./template-limits";

export const INPUT_SCHEMA_LIMITS = {
  /** The schema as JSON. */
  bytes: 32 * 1024,
  /** Objects and arrays inside one another. */
  depth: 32,
  /** One pattern's characters. */
  patternChars: 1_000,
  /** Problems a refused input lists. */
  inputErrors: 50,
  /** An input held to a schema, as JSON: what a person or a script hands a manual run. */
  inputBytes: 64 * 1024,
  /** Below this, a refused input is checked again for every problem; above, its first is named. */
  everyErrorInputBytes: 4 * 1024,
  /** Schema nodes once every $ref is followed: what one check of an input may visit per value. */
  expandedNodes: 10_000,
  /** Values of one `enum`: each is compared with each value it checks. */
  enumValues: 1_000,
} as const;

export const INPUT_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** Where in the schema a problem is, from its root. */
export interface InputSchemaProblem {
  path: (string | number)[];
  message: string;
}

/** One way an input fails its schema: where (a JSON Pointer into the input, "" for the whole) and why. */
export interface InputError {
  path: string;
  message: string;
  keyword: string;
}

export type InputCheck = { ok: true; value: unknown } | { ok: false; errors: InputError[]; omitted: number };

const compileRe2 = (pattern: string, flags = 0) => RE2JS.compile(RE2JS.translateRegExp(pattern), flags);

/**
 * Ajv's regular expression engine, as its `code.regExp` option takes it. Ajv keeps one compiled
 * expression per `toString()`, hence a distinct one for each pattern.
 */
const re2Engine = Object.assign(
  (pattern: string) => {
    const re = compileRe2(pattern);
    return { test: (s: string) => re.test(s), toString: () => `/${pattern}/` };
  },
  { code: "re2js" },
);

function patternError(pattern: string): string | undefined {
  if (pattern.length > INPUT_SCHEMA_LIMITS.patternChars)
    return `pattern is longer than ${INPUT_SCHEMA_LIMITS.patternChars} characters`;
  try {
    compileRe2(pattern);
    return undefined;
  } catch (err) {
    return `pattern ${JSON.stringify(pattern)} is not supported (patterns run on RE2, in linear time: no lookaround, backreferences or possessive quantifiers): ${(err as Error).message}`;
  }
}

// ajv-formats' own expressions for these, moved onto RE2; the date and time checks are functions
// over fixed expressions of their own, and a URI is what the WHATWG URL parser takes, with a scheme.
const RE2_FORMATS = [
  "email",
  "uri-reference",
  "uuid",
  "ipv4",
  "ipv6",
  "json-pointer",
  "relative-json-pointer",
] as const;
const OWN_FORMATS = ["date", "time", "date-time", "uri"] as const;
/** The formats an input schema may name; any other is refused at save rather than ignored. */
export const INPUT_FORMATS = [...OWN_FORMATS, ...RE2_FORMATS] as const;
const URI_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

let formats: Record<string, Format> | undefined;
function inputFormats(): Record<string, Format> {
  formats ??= {
    date: fullFormats.date,
    time: fullFormats.time,
    "date-time": fullFormats["date-time"],
    uri: (s: string) => URI_SCHEME.test(s) && URL.canParse(s),
    ...Object.fromEntries(
      RE2_FORMATS.map((name) => {
        const expr = fullFormats[name] as RegExp;
        const re = compileRe2(expr.source, expr.flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0);
        return [name, (s: string) => re.test(s)];
      }),
    ),
  };
  return formats;
}

/**
 * With `allErrors`, Ajv builds every error before any is dropped: an input of many items failing a
 * wide `anyOf` makes millions. Inputs are checked for their first problem, and only a small one
 * again for all of them.
 */
function newAjv(allErrors: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors,
    // Defaults fill what the caller left out, as the schema says (see checkInput).
    useDefaults: true,
    // `required: ["constructor"]` must not be met by Object.prototype.
    ownProperties: true,
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    logger: false,
    code: { regExp: re2Engine },
  });
  for (const [name, format] of Object.entries(inputFormats())) ajv.addFormat(name, format);
  return ajv;
}

let shared: Ajv2020 | undefined;
/** For what compiles nothing of a tenant's: the meta-schema check and the keyword list. */
const sharedAjv = () => (shared ??= newAjv(true));

// Keyed by the schema's canonical text itself, not a digest of it: no collision can hand one
// schema's validator to another. Every-error validators serve only refused small inputs.
const firstError = new Lru<string, ValidateFunction>(100);
const everyError = new Lru<string, ValidateFunction>(20);

function validatorOf(schema: Record<string, unknown>, all = false): ValidateFunction {
  const key = canonicalJson(schema);
  const cache = all ? everyError : firstError;
  let validate = cache.get(key);
  if (!validate) {
    validate = newAjv(all).compile(schema);
    cache.set(key, validate);
  }
  return validate;
}

function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

// The keywords whose values are schemas: one, a list, or a map of them.
const ONE = [
  "additionalProperties",
  "propertyNames",
  "items",
  "additionalItems",
  "contains",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
];
const LIST = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"];
const REFUSED: Record<string, string> = {
  $id: 'is not taken: refer to parts of this schema by JSON Pointer, e.g. "#/$defs/address"',
  id: "is not taken (a draft-04 keyword)",
  $async: "is not taken: inputs are checked at once",
  $dynamicRef: 'is not taken: use $ref with a JSON Pointer, e.g. "#/$defs/address"',
  $recursiveRef: 'is not taken: use $ref with a JSON Pointer, e.g. "#/$defs/address"',
  $anchor: 'is not taken: refer to parts of this schema by JSON Pointer, e.g. "#/$defs/address"',
  $dynamicAnchor: "is not taken",
  $recursiveAnchor: "is not taken",
};
const SCALAR_TYPES = new Set(["string", "number", "integer", "boolean", "null"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What ajv's own checks cannot place: keywords, references, patterns and formats, each at its path. */
function subschemaProblems(root: Record<string, unknown>): InputSchemaProblem[] {
  const problems: InputSchemaProblem[] = [];
  const known = sharedAjv().RULES.keywords;
  const stack: [Record<string, unknown>, (string | number)[]][] = [[root, []]];
  while (stack.length) {
    const [schema, at] = stack.pop()!;
    for (const [key, value] of Object.entries(schema)) {
      const path = [...at, key];
      if (Object.hasOwn(REFUSED, key)) problems.push({ path, message: `${key} ${REFUSED[key]}` });
      else if (!Object.hasOwn(known, key))
        problems.push({ path, message: `unknown keyword "${key}" (a JSON Schema draft 2020-12 keyword is expected)` });
      else if (key === "$ref" && !(typeof value === "string" && /^#(\/|$)/.test(value)))
        problems.push({
          path,
          message: `${key} must be a JSON Pointer inside this schema ("#/$defs/…"); nothing is ever fetched from elsewhere`,
        });
      else if (
        key === "uniqueItems" &&
        value === true &&
        !SCALAR_TYPES.has(String((schema.items as { type?: unknown })?.type))
      )
        problems.push({
          path,
          message:
            "uniqueItems needs items of one scalar type (string, number, integer, boolean or null): comparing objects takes time that grows with the square of their count",
        });
      else if (key === "enum" && Array.isArray(value) && value.length > INPUT_SCHEMA_LIMITS.enumValues)
        problems.push({ path, message: `enum has more than ${INPUT_SCHEMA_LIMITS.enumValues} values` });
      else if (key === "$schema" && value !== INPUT_SCHEMA_DIALECT)
        problems.push({
          path,
          message: `only JSON Schema draft 2020-12 is taken: "${INPUT_SCHEMA_DIALECT}", or leave it out`,
        });
      else if (key === "pattern" && typeof value === "string") {
        const error = patternError(value);
        if (error) problems.push({ path, message: error });
      } else if (key === "format" && typeof value === "string" && !(INPUT_FORMATS as readonly string[]).includes(value))
        problems.push({ path, message: `unknown format "${value}"; the formats are ${INPUT_FORMATS.join(", ")}` });
      if (key === "patternProperties" && isObject(value))
        for (const pattern of Object.keys(value)) {
          const error = patternError(pattern);
          if (error) problems.push({ path: [...path, pattern], message: error });
        }
      if (ONE.includes(key) && isObject(value)) stack.push([value, path]);
      if (LIST.includes(key) && Array.isArray(value))
        value.forEach((v, i) => isObject(v) && stack.push([v, [...path, i]]));
      if (MAP.includes(key) && isObject(value))
        for (const [name, v] of Object.entries(value)) if (isObject(v)) stack.push([v, [...path, name]]);
    }
  }
  return problems;
}

/** A JSON Pointer's segments, with array indexes as numbers (read against `root`). */
function segmentsOf(pointer: string, root: unknown): (string | number)[] {
  const segments: (string | number)[] = [];
  let at = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const index = Array.isArray(at) ? Number(key) : NaN;
    segments.push(Number.isInteger(index) ? index : key);
    at = (at as Record<string | number, unknown> | undefined)?.[key];
  }
  return segments;
}

const allowed = (e: ErrorObject) => {
  const values = (e.params as { allowedValues?: unknown[] }).allowedValues;
  return values ? ` (${values.map((v) => JSON.stringify(v)).join(", ")})` : "";
};

/** Why ajv's meta-schema refuses the schema, once per place. */
function metaProblems(schema: Record<string, unknown>): InputSchemaProblem[] {
  const ajv = sharedAjv();
  if (ajv.validateSchema(schema)) return [];
  const seen = new Set<string>();
  return (ajv.errors ?? []).flatMap((e) => {
    if (seen.has(e.instancePath)) return [];
    seen.add(e.instancePath);
    return [{ path: segmentsOf(e.instancePath, schema), message: `${e.message ?? "is invalid"}${allowed(e)}` }];
  });
}

/** Every problem of an input schema, each at its path from the schema's root; none when it compiles within its bounds. */
export function inputSchemaProblems(schema: Record<string, unknown>): InputSchemaProblem[] {
  if (jsonBytesUpTo(schema, INPUT_SCHEMA_LIMITS.bytes) > INPUT_SCHEMA_LIMITS.bytes)
    return [{ path: [], message: `the input schema takes more than ${INPUT_SCHEMA_LIMITS.bytes} bytes of JSON` }];
  if (deeperThan(schema, INPUT_SCHEMA_LIMITS.depth))
    return [{ path: [], message: `the input schema nests more than ${INPUT_SCHEMA_LIMITS.depth} levels deep` }];
  // Ajv would look up another dialect's meta-schema by its URL.
  if (schema.$schema !== undefined && schema.$schema !== INPUT_SCHEMA_DIALECT)
    return [
      {
        path: ["$schema"],
        message: `only JSON Schema draft 2020-12 is taken: "${INPUT_SCHEMA_DIALECT}", or leave it out`,
      },
    ];
  const problems = [...metaProblems(schema), ...subschemaProblems(schema)];
  if (problems.length) return problems;
  const expansion = expansionProblem(schema, INPUT_SCHEMA_LIMITS.expandedNodes);
  if (expansion) return [expansion];
  try {
    validatorOf(schema);
    return [];
  } catch (err) {
    return [{ path: [], message: `the input schema cannot be compiled: ${(err as Error).message}` }];
  }
}

const escapePointer = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

function inputErrorOf(e: ErrorObject): InputError {
  const params = e.params as Record<string, unknown>;
  const child = (name: unknown) => `${e.instancePath}/${escapePointer(String(name))}`;
  const { keyword } = e;
  switch (keyword) {
    case "required":
      return { path: child(params.missingProperty), message: "is required", keyword };
    case "dependentRequired":
      return {
        path: child(params.missingProperty),
        message: `is required when "${String(params.property)}" is given`,
        keyword,
      };
    case "additionalProperties":
      return { path: child(params.additionalProperty), message: "is not a property the schema allows", keyword };
    case "unevaluatedProperties":
      return { path: child(params.unevaluatedProperty), message: "is not a property the schema allows", keyword };
    default:
      return { path: e.instancePath, message: `${e.message ?? `fails "${keyword}"`}${allowed(e)}`, keyword };
  }
}

/**
 * Holds an input to a schema that inputSchemaProblems took. The value that passes has the
 * schema's defaults filled in (a copy: the input is left as given); one that fails comes back with
 * every problem, each at its JSON Pointer, up to INPUT_SCHEMA_LIMITS.inputErrors.
 */
export function checkInput(schema: Record<string, unknown>, input: unknown): InputCheck {
  const bytes = jsonBytesUpTo(input ?? null, INPUT_SCHEMA_LIMITS.inputBytes);
  if (bytes > INPUT_SCHEMA_LIMITS.inputBytes)
    return {
      ok: false,
      errors: [
        { path: "", message: `takes more than ${INPUT_SCHEMA_LIMITS.inputBytes} bytes of JSON`, keyword: "size" },
      ],
      omitted: 0,
    };
  const value = structuredClone(input);
  const first = validatorOf(schema);
  if (first(value)) return { ok: true, value };
  const validate = bytes <= INPUT_SCHEMA_LIMITS.everyErrorInputBytes ? validatorOf(schema, true) : first;
  if (validate !== first) validate(structuredClone(input));
  const seen = new Set<string>();
  const errors = (validate.errors ?? []).map(inputErrorOf).filter((e) => {
    const key = `${e.path}\n${e.message}`;
    return !seen.has(key) && seen.add(key);
  });
  const max = INPUT_SCHEMA_LIMITS.inputErrors;
  return { ok: false, errors: errors.slice(0, max), omitted: Math.max(0, errors.length - max) };
}
