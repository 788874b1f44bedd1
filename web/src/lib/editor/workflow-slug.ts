// A new workflow's slug, suggested from its name (the service's WORKFLOW_SLUG rule).

/** "Announce a release!" → "announce-a-release". */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
}
