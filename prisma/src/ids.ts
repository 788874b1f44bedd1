import { randomBytes } from "node:crypto";

let counter = 0;

/**
 * A new row id of the shape Prisma's `@default(cuid())` makes (25 characters: `c`, the time, a
 * counter, random), for rows written by hand-written SQL, which bypasses Prisma's defaults.
 * Ids sort roughly by creation time, like the ones Prisma makes. Not a secret: every read of a
 * row by id is also scoped to its workspace.
 */
export function newId(): string {
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  counter = (counter + 1) % 36 ** 4;
  const count = counter.toString(36).padStart(4, "0");
  // 62 random bits: the last 12 base-36 digits of 64.
  const random = BigInt(`0x${randomBytes(8).toString("hex")}`)
    .toString(36)
    .padStart(12, "0")
    .slice(-12);
  return `c${time}${count}${random}`;
}
