import { z } from "zod";

/** X IDs are 64-bit numbers sent as strings of digits. */
const ID = /^\d{1,19}$/;
const POST_URL =
  /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/(?:i\/web|[^/?#]+)\/status\/(\d{1,19})(?:[/?#]|$)/i;

/** A post's ID, also accepted as the post's URL (what people copy from the app). */
export const postId = z
  .string()
  .trim()
  .transform((v) => POST_URL.exec(v)?.[1] ?? v)
  .pipe(z.string().regex(ID, "a post ID (digits) or a post URL like https://x.com/user/status/1445880548472328192"));

export const mediaId = z.string().trim().regex(ID, "a media ID (digits) from X's media upload");

/** X redirects this to the canonical /<username>/status/<id> URL, so the author's handle is not needed. */
export const postUrl = (id: string) => `https://x.com/i/web/status/${id}`;
