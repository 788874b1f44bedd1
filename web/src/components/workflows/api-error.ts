/** One problem of a definition, where it is: `$.steps[1].uses`. */
export interface PathError {
  path: string;
  message: string;
}

/** The per-path errors a refused definition came back with (tRPC's `apiDetails`, REST's `details`), if any. */
export function pathErrorsOf(error: unknown): PathError[] {
  const details = (error as { data?: { apiDetails?: { errors?: unknown } } } | null)?.data?.apiDetails;
  const errors = details?.errors;
  return Array.isArray(errors)
    ? errors.filter((e): e is PathError => typeof e?.path === "string" && typeof e?.message === "string")
    : [];
}
