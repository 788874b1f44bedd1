import { createPrismaClient, Prisma, type Db } from "@switchyard/db";
import { CliError } from "./api";
import { env } from "./env";

/** Runs `work` against DATABASE_URL (for the commands that bypass the API) and turns database failures into CLI errors. */
export async function withDatabase<T>(what: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createPrismaClient({ databaseUrl: env.DATABASE_URL, maxConnections: 2 });
  try {
    return await work(db);
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2021") {
      throw new CliError(
        `The database at DATABASE_URL has no Switchyard tables; apply the migrations first (npm run dev does, or: npm run migrate:deploy -w @switchyard/db).`,
      );
    }
    const message = err instanceof Error ? err.message : String(err);
    throw new CliError(`Cannot ${what} through the database (${message.split("\n")[0]}). Check DATABASE_URL.`);
  } finally {
    await db.$disconnect();
  }
}
