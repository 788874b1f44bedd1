/** Sets an own property, even one named `__proto__`, without touching the prototype. */
const setOwn = (o: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });

/**
 * A step's rendered inputs with an approver's edits set at their paths. Edits apply after
 * rendering, so an edited value is data: `{{ ... }}` in it is never evaluated.
 */
export function applyEdits(
  rendered: Record<string, unknown>,
  edits: { path: string[]; value: unknown }[] | undefined,
): Record<string, unknown> {
  if (!edits?.length) return rendered;
  // Rendered inputs are JSON; the sandbox has no structuredClone.
  const copy = JSON.parse(JSON.stringify(rendered)) as Record<string, unknown>;
  for (const { path, value } of edits) {
    let at: Record<string, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      const next = Object.hasOwn(at, key) ? at[key] : undefined;
      const child = next && typeof next === "object" && !Array.isArray(next) ? next : {};
      setOwn(at, key, child);
      at = child as Record<string, unknown>;
    }
    setOwn(at, path.at(-1)!, value);
  }
  return copy;
}
