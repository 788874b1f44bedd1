// What checking one input against a tenant's schema may cost, bounded at save: the schema's size
// once its references are followed.
/** The value a `#/a/b` JSON Pointer names in `root`, if any. */
function atPointer(root: unknown, pointer: string): unknown {
  let at = root;
  for (const raw of pointer.slice(1).split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * What checking one value may cost: the schema's nodes once every $ref is followed (each target
 * counted once per reference, memoised, so `allOf: [$ref x, $ref x]` chains count as the doubling
 * they are). A reference back into itself is refused: a recursive input schema has no such bound.
 */
export function expansionProblem(
  root: Record<string, unknown>,
  limit: number,
): { path: []; message: string } | undefined {
  const sizes = new Map<unknown, number>();
  const visiting = new Set<unknown>();
  const sizeOf = (node: unknown): number => {
    if (node === null || typeof node !== "object") return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (visiting.has(node)) throw new RangeError("recursive");
    visiting.add(node);
    let size = 1;
    for (const [key, value] of Object.entries(node)) {
      size += key === "$ref" && typeof value === "string" ? sizeOf(atPointer(root, value)) : sizeOf(value);
      if (size > limit) break;
    }
    visiting.delete(node);
    sizes.set(node, size);
    return size;
  };
  try {
    if (sizeOf(root) <= limit) return undefined;
    return { path: [], message: `the input schema expands to more than ${limit} nodes once its $refs are followed` };
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { path: [], message: "the input schema refers back into itself ($ref): recursive schemas are not taken" };
  }
}
