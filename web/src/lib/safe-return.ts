/**
 * Only a path on this site, so a crafted link cannot send someone elsewhere after sign-in. A full
 * URL of the site itself (next-auth sends those) keeps its path.
 */
export function safeReturn(url: string | undefined, siteUrl: string): string {
  if (!url) return "/";
  const site = new URL(siteUrl);
  // Browsers read "/\evil.com" as "//evil.com": resolving against the site's origin tells every such trick apart.
  const target = new URL(url, site);
  return target.origin === site.origin ? `${target.pathname}${target.search}${target.hash}` : "/";
}
