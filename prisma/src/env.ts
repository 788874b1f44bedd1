import { z } from "zod";
import { keyRingConfigProblem } from "./secrets/keyring";

export const LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/switchyard";

/** Reused by every app's env.ts so DATABASE_URL means the same everywhere. */
export const databaseEnv = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .default(LOCAL_DATABASE_URL),
};

const keyProblem = (name: "SWITCHYARD_ENCRYPTION_KEY" | "SWITCHYARD_ENCRYPTION_KEYS_OLD") =>
  z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const problem = value ? keyRingConfigProblem({ [name]: value }) : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/**
 * Reused by the env.ts of every app that reads or writes connection secrets. Both are
 * optional here so apps that never touch secrets start without them; parseKeyRing
 * refuses a missing current key where one is needed. Invalid values stop the app at start.
 */
export const encryptionEnv = {
  /** base64 of 32 random bytes: the key new secrets are encrypted under. */
  SWITCHYARD_ENCRYPTION_KEY: keyProblem("SWITCHYARD_ENCRYPTION_KEY"),
  /** Comma-separated older keys (`base64` or `<key id>:base64`), for decrypting until `switchyard keys rotate`. */
  SWITCHYARD_ENCRYPTION_KEYS_OLD: keyProblem("SWITCHYARD_ENCRYPTION_KEYS_OLD"),
};

/** Only the Prisma CLI config reads this; apps pass their URL to createPrismaClient. */
export function readDatabaseUrl(source: Record<string, string | undefined> = process.env): string {
  const parsed = z.object(databaseEnv).safeParse(source);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return parsed.data.DATABASE_URL;
}
