import { readFile, writeFile } from "node:fs/promises";

/**
 * A value kept in a file across restarts of `npm run dev`: made once, then read back.
 * Owner-only, since some are secrets (dev connections must stay decryptable).
 */
export async function persistentValue(file: string, make: () => string | Promise<string>): Promise<string> {
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const value = await make();
    await writeFile(file, `${value}\n`, { mode: 0o600 });
    return value;
  }
}
