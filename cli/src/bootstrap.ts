import { isUniqueViolation, issueApiToken } from "@switchyard/db";
import { CliError } from "./api";
import { withDatabase } from "./db";

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
export async function bootstrap({
  workspace: slug,
  email,
}: {
  workspace: string;
  email: string;
}): Promise<BootstrapResult> {
  if (!WORKSPACE_SLUG.test(slug))
    throw new CliError(`Invalid workspace slug "${slug}": use 1-64 lowercase letters, digits or dashes.`);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new CliError(`Invalid email "${email}".`);
  return withDatabase("bootstrap", async (db) => {
    const { token, tokenHash, prefix } = issueApiToken();
    try {
      return await db.$transaction(async (tx) => {
        if (await tx.workspace.findUnique({ where: { slug }, select: { id: true } })) {
          throw new CliError(
            `Workspace "${slug}" already exists; bootstrap only sets up a new one. Choose another with --workspace.`,
          );
        }
        const user = await tx.user.upsert({
          where: { email },
          update: {},
          create: { email },
          select: { id: true, email: true },
        });
        const workspace = await tx.workspace.create({
          data: {
            slug,
            name: slug,
            members: { create: { userId: user.id, role: "owner" } },
            apiTokens: { create: { name: "bootstrap", tokenHash, prefix, role: "admin", userId: user.id } },
          },
          select: { id: true, slug: true },
        });
        return { workspace, user, token };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new CliError(`Workspace "${slug}" already exists.`);
      throw err;
    }
  });
}
