// As-you-type help for templated fields: syntax errors where they are, and completion of
// paths (`steps.`, `trigger.body.`) from what the data picker offers.
import { syntaxError, TEMPLATE } from "@switchyard/workflows/definition";
import { expressionOf, type PickableField, type ValueType } from "./data-picker";

export interface TemplateProblem {
  message: string;
  /** Offset in the field's value of the `{{` that opens the template. */
  position: number;
}

/** Problems of every `{{ }}` in a field's value (an unclosed `{{`, which TEMPLATE leaves over, too). An `if` may omit the braces: pass it through `asTemplate`. */
export function checkTemplateField(value: string): { errors: TemplateProblem[] } {
  const errors: TemplateProblem[] = [];
  let end = 0;
  for (const m of value.matchAll(TEMPLATE)) {
    const expr = m[1]!.trim();
    const message = expr ? syntaxError(expr) : "empty template: write an expression between {{ and }}";
    if (message) errors.push({ message, position: m.index });
    end = m.index + m[0].length;
  }
  const open = value.indexOf("{{", end);
  if (open >= 0) errors.push({ message: "unclosed template: {{ without }}", position: open });
  return { errors };
}

export interface Completion {
  /** The segment it completes, as shown in the list. */
  label: string;
  /** The whole path, to put in place of what was typed from `from`. */
  insert: string;
  type: ValueType;
  sample?: string;
}

const NAME = "(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]*`)";
/** The path being typed at the end of the text: complete segments, a dot, then the segment being typed. */
const TYPED = new RegExp(`(?:(${NAME}(?:\\.${NAME}|\\[\\d+\\])*)\\.)?((?:[A-Za-z_][A-Za-z0-9_]*|\`[^\`]*\`?)?)$`);
const SEGMENT = new RegExp(`${NAME}|\\[\\d+\\]`, "g");

const segments = (path: string) => path.match(SEGMENT) ?? [];
const unquote = (segment: string) => segment.replace(/^`|`$/g, "");
const joined = (parts: readonly string[]) =>
  parts.reduce((a, p) => (a && !p.startsWith("[") ? `${a}.${p}` : a + p), "");

/**
 * Completions for the path typed at the end of `prefix` (the expression up to the cursor):
 * the next segments of the pickable paths that continue it, in the picker's order.
 */
export function completions(
  prefix: string,
  pickable: readonly PickableField[],
): { from: number; options: Completion[] } {
  const [typed = "", head = "", partial = ""] = TYPED.exec(prefix) ?? [];
  const from = prefix.length - typed.length;
  const complete = segments(head).map(unquote);
  const started = unquote(partial);
  const options = new Map<string, Completion>();
  for (const field of pickable) {
    const path = segments(expressionOf(field));
    const next = path[complete.length];
    if (next === undefined || !unquote(next).startsWith(started)) continue;
    if (complete.some((segment, i) => unquote(path[i]!) !== segment)) continue;
    const insert = joined(path.slice(0, complete.length + 1));
    const whole = insert === expressionOf(field);
    if (!options.has(insert))
      options.set(insert, {
        label: unquote(next),
        insert,
        // A path between roots and fields (`steps`, `steps.x`) is an object.
        type: whole ? field.type : "object",
        ...(whole && field.sample !== undefined ? { sample: field.sample } : {}),
      });
  }
  return { from, options: [...options.values()] };
}
