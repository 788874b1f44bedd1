import { createPrismaClient, generateApiToken, hashToken, Prisma } from "@switchyard/db";
import { CliError } from "./api";
import { env } from "./env";

const WORKSPACE_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export interface BootstrapResult {
  workspace: { id: string; slug: string };
  user: { id: string; email: string };
  token: string;
}

/**
 * For a fresh install, where no API token exists yet: creates the workspace, its
 * owner and an admin API token, straight in the database. Refuses an existing workspace.
 */
export async function bootstrap({ workspace: slug, email }: { workspace: string; email: string }): Promise<BootstrapResult> {
  if (!WORKSPACE_SLUG.test(slug)) throw new CliError(`Invalid workspace slug "${slug}": use 1-64 lowercase letters, digits or dashes.`);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new CliError(`Invalid email "${email}".`);
  const db = createPrismaClient({ databaseUrl: env.DATABASE_URL, maxConnections: 2 });
  try {
    const token = generateApiToken();
    return await db.$transaction(async (tx) => {
      if (await tx.workspace.findUnique({ where: { slug }, select: { id: true } })) {
        throw new CliError(`Workspace "${slug}" already exists; bootstrap only sets up a new one. Choose another with --workspace.`);
      }
      const user = await tx.user.upsert({ where: { email }, update: {}, create: { email }, select: { id: true, email: true } });
      const workspace = await tx.workspace.create({
        data: {
          slug,
          name: slug,
          members: { create: { userId: user.id, role: "owner" } },
          apiTokens: { create: { name: "bootstrap", tokenHash: hashToken(token), role: "admin", userId: user.id } },
        },
        select: { id: true, slug: true },
      });
      return { workspace, user, token };
    });
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2021") {
      throw new CliError(`The database at DATABASE_URL has no Switchyard tables; apply the migrations first (npm run dev does, or: npm run migrate:deploy -w @switchyard/db).`);
    }
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw new CliError(`Workspace "${slug}" already exists.`);
    const message = err instanceof Error ? err.message : String(err);
    throw new CliError(`Cannot bootstrap through the database (${message.split("\n")[0]}). Check DATABASE_URL.`);
  } finally {
    await db.$disconnect();
  }
}
