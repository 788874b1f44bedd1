import type { PathError } from "./api-error";

/** A refused definition's errors, each at its JSON path. */
export function PathErrors({ errors }: { errors: PathError[] }) {
  if (!errors.length) return null;
  return (
    <ul
      aria-label="Errors by path"
      className="max-h-48 space-y-1 overflow-auto rounded-md bg-red-50 p-3 text-xs text-red-800"
    >
      {errors.map((e, i) => (
        <li key={`${e.path}-${i}`}>
          <code className="font-semibold">{e.path}</code>: {e.message}
        </li>
      ))}
    </ul>
  );
}
