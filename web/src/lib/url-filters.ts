// What list pages share about filters kept in the URL (so a link shares the view). Pure.

/** One of `values`, or undefined: a URL may say anything, and the page leaves out what it cannot use. */
export const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((v) => v === value);

/** The query string ("" for none) of these filters, in a fixed order, so equal filters make equal links. */
export function searchOf<K extends string>(filters: Partial<Record<K, string>>, order: readonly K[]): string {
  const params = new URLSearchParams();
  for (const key of order) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
