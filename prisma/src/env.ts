import { z } from "zod";

export const LOCAL_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/switchyard";

/** Reused by every app's env.ts so DATABASE_URL means the same everywhere. */
export const databaseEnv = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .default(LOCAL_DATABASE_URL),
};

/** Only the Prisma CLI config reads this; apps pass their URL to createPrismaClient. */
export function readDatabaseUrl(source: Record<string, string | undefined> = process.env): string {
  const parsed = z.object(databaseEnv).safeParse(source);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return parsed.data.DATABASE_URL;
}
