// Reading and writing a step's `with` at a form field's path (one or two keys deep).

type Values = Readonly<Record<string, unknown>>;

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

export function valueAt(values: Values, path: readonly string[]): unknown {
  let at: unknown = values;
  for (const key of path) {
    if (!isRecord(at) || !Object.hasOwn(at, key)) return undefined;
    at = at[key];
  }
  return at;
}

/** A copy with the value set; undefined removes the key, and an object left empty goes too. */
export function withValueAt(values: Values, path: readonly string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return { ...values };
  const next: Record<string, unknown> = { ...values };
  const inner = rest.length ? withValueAt(isRecord(values[key]) ? values[key] : {}, rest, value) : value;
  if (inner === undefined || (rest.length && isRecord(inner) && !Object.keys(inner).length)) delete next[key];
  else next[key] = inner;
  return next;
}
