// Form fields for an operation's props, from the JSON Schema the connector catalog
// exposes (connectorMetadata: z.toJSONSchema of the props, io "input").

/** The part of JSON Schema that zod's toJSONSchema gives for connector props. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxLength?: number;
}

export type FieldKind =
  | "text"
  | "textarea"
  | "number"
  | "boolean"
  | "select"
  | "json"
  | "connection"
  | "template"
  /** A list of strings from a fixed set: checkboxes. */
  | "choices"
  /** A list of free strings: one input per entry. */
  | "list"
  /** A list of objects: one small form per entry, from `item`. */
  | "rows";

export interface FormField {
  /** Keys from the props' root. */
  path: string[];
  label: string;
  kind: FieldKind;
  required: boolean;
  /** The label of the object a nested field belongs to. */
  group?: string;
  options?: string[];
  description?: string;
  default?: unknown;
  /** For `rows`: the schema of one entry. */
  item?: JsonSchema;
  /** A plain JSONata expression, braces optional (a checkpoint's autoApproveIf). */
  expression?: boolean;
}

const SCALARS = new Set(["string", "number", "integer", "boolean"]);
/** Props that hold message bodies: worth several lines even without a declared length. */
const BODIES = new Set(["text", "message", "body", "html", "content", "markdown", "prompt"]);
const LONG = 200;

/** "threadTs" → "Thread ts". */
const humanize = (key: string) => {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

function stringKind(key: string, s: JsonSchema): FieldKind {
  if (key === "connection") return "connection";
  const long = (s.maxLength ?? 0) > LONG || /multi-?line|several lines/i.test(s.description ?? "");
  return long || (BODIES.has(key) && s.maxLength === undefined) ? "textarea" : "text";
}

/** A union of scalars (a duration: milliseconds or "5m") is typed in as text, or as a number if all are numbers. */
function unionKind(branches: JsonSchema[]): FieldKind {
  const types = branches.flatMap((b) => (b.enum ? ["enum"] : typesOf(b)));
  if (!types.length || !types.every((t) => SCALARS.has(t))) return "json";
  return types.every((t) => t === "number" || t === "integer") ? "number" : "text";
}

const isStringSchema = (s: JsonSchema): boolean =>
  (s.anyOf ?? s.oneOf)?.every(isStringSchema) ?? (typesOf(s).length === 1 && typesOf(s)[0] === "string");

function arrayKind(items: JsonSchema | undefined): FieldKind {
  if (!items) return "json";
  if (items.enum?.length && items.enum.every((v) => typeof v === "string")) return "choices";
  if (isStringSchema(items)) return "list";
  return typesOf(items).includes("object") && items.properties ? "rows" : "json";
}

function kindOf(key: string, s: JsonSchema): FieldKind {
  if (s.enum?.length && s.enum.every((v) => typeof v === "string")) return "select";
  const union = s.anyOf ?? s.oneOf;
  if (union) return unionKind(union);
  const types = typesOf(s).filter((t) => t !== "null");
  if (types.length !== 1) return types.length > 1 ? unionKind(types.map((type) => ({ type }))) : "json";
  switch (types[0]) {
    case "boolean":
      return "boolean";
    case "number":
    case "integer":
      return "number";
    case "string":
      return stringKind(key, s);
    case "array":
      return arrayKind(s.items);
    default:
      return "json";
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isTemplate = (v: unknown) => typeof v === "string" && v.includes("{{");

/** Whether the kind's input can show the value as it is (templates aside). */
function shows(kind: FieldKind, value: unknown): boolean {
  if (value === undefined || kind === "json") return true;
  if (kind === "choices" || kind === "list") return Array.isArray(value) && value.every((v) => typeof v === "string");
  if (kind === "rows") return Array.isArray(value) && value.every(isRecord);
  if (kind === "number") return typeof value === "number";
  if (kind === "boolean") return typeof value === "boolean";
  return typeof value === "string";
}

/**
 * The field for a value: a template goes in a template input wherever the schema wants something
 * other than text, and a value the kind cannot show (an array where text is usual) in JSON,
 * so the form never hides or mangles what the step holds.
 */
function fieldKind(kind: FieldKind, value: unknown): FieldKind {
  if (isTemplate(value) && kind !== "text" && kind !== "textarea") return "template";
  return shows(kind, value) ? kind : "json";
}

const isGroup = (s: JsonSchema) => typesOf(s).includes("object") && s.properties !== undefined && !s.anyOf;

/** Checkboxes cannot show a value outside their set (it would be dropped at the next click): JSON can. */
const outsideChoices = (kind: FieldKind, s: JsonSchema, value: unknown) =>
  kind === "choices" && Array.isArray(value) && value.some((v) => !s.items!.enum!.includes(v));

function field(path: string[], key: string, s: JsonSchema, required: boolean, value: unknown): FormField {
  const guessed = fieldKind(kindOf(key, s), value);
  const kind = outsideChoices(guessed, s, value) ? "json" : guessed;
  return {
    path,
    label: s.title ?? humanize(key),
    kind,
    required,
    ...(kind === "select" ? { options: s.enum as string[] } : {}),
    ...(kind === "choices" ? { options: s.items!.enum as string[] } : {}),
    ...(kind === "rows" ? { item: s.items } : {}),
    ...(s.description ? { description: s.description } : {}),
    ...(s.default !== undefined ? { default: s.default } : {}),
  };
}

const own = (values: Readonly<Record<string, unknown>>, key: string) =>
  Object.hasOwn(values, key) ? values[key] : undefined;

/**
 * Fields in the schema's property order. An object with declared properties becomes a group of
 * fields one level down (required when both it and the field are); anything deeper is JSON.
 * `values` (the step's `with`) picks the input for what is there now.
 */
export function formFields(schema: JsonSchema, values: Readonly<Record<string, unknown>> = {}): FormField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([key, s]): FormField[] => {
    const value = own(values, key);
    if (!isGroup(s) || (value !== undefined && !isRecord(value)))
      return [field([key], key, s, required.has(key), value)];
    const inner = new Set(s.required ?? []);
    const group = s.title ?? humanize(key);
    const nested = isRecord(value) ? value : {};
    return Object.entries(s.properties ?? {}).map(([k, child]) => ({
      ...field([key, k], k, child, required.has(key) && inner.has(k), own(nested, k)),
      group,
    }));
  });
}
