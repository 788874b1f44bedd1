import { Lexer, parse } from "yaml";
import { ApiError } from "./api-error";
import { MAX_DEPTH } from "./input-policy";

/**
 * The yaml library recurses once per level of nesting, and an overflow there
 * can abort the whole process (V8 gives up when it lands in regexp
 * compilation), so nesting is bounded on the tokens before anything recurses.
 * The count (open brackets, open indentation levels, `- ` and `? ` on the
 * line) can be off by a factor of two either way, hence the margin; the exact
 * limit is the input policy's, applied to what the YAML parses to.
 */
const MAX_TOKEN_DEPTH = 2 * MAX_DEPTH;

function tooDeep(text: string): number | undefined {
  let flow = 0;
  let line = 1;
  let atLineStart = true;
  let indent = 0;
  let indicators = 0;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    if (token.endsWith("\n")) {
      line += token.split("\n").length - 1;
      atLineStart = true;
      indent = 0;
      indicators = 0;
      continue;
    }
    if (atLineStart && /^ +$/.test(token)) {
      indent = token.length;
      continue;
    }
    if (atLineStart && flow === 0 && !token.startsWith("#")) {
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
    }
    atLineStart = false;
    if (token === "[" || token === "{") flow++;
    else if (token === "]" || token === "}") flow = Math.max(0, flow - 1);
    else if (token === "-" || token === "?") indicators++;
    if (flow + indents.length + indicators > MAX_TOKEN_DEPTH) return line;
  }
  return undefined;
}

/** A YAML request body, as the plain value it describes; 400 `invalid_yaml` when it is not YAML or nests too deeply to read. */
export function parseYamlBody(text: string): unknown {
  const deepAt = tooDeep(text);
  if (deepAt !== undefined)
    throw new ApiError(400, "invalid_input", `YAML line ${deepAt}: nests deeper than ${MAX_DEPTH} levels.`, {
      errors: [{ path: `line ${deepAt}`, message: `nests deeper than ${MAX_DEPTH} levels` }],
    });
  try {
    return parse(text) ?? {};
  } catch (err) {
    throw new ApiError(400, "invalid_yaml", `Request body is not valid YAML: ${(err as Error).message}`);
  }
}
