// `npm run migrate:new -w @switchyard/db -- <name>`: writes migrations/<timestamp>_<name>/migration.sql.
//
// Why not `prisma migrate dev`: with the JS schema engine it needs a second shadow
// database for its data-loss check and fails ("shadow DB must be provided through an
// external factory"), and URL-based diffs are refused when an adapter is configured.
// A datamodel-to-datamodel diff needs neither: we diff the schema as of the last
// commit that touched migrations/ against the working schema.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { readDatabaseUrl } from "../src/env";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migrate:new -w @switchyard/db -- <snake_case_name>");
  process.exit(2);
}
const dir = path.resolve(import.meta.dirname, "..");
const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
const base = git("log", "-1", "--format=%H", "--", "migrations");
const previous = path.join(tmpdir(), `schema-at-${base.slice(0, 8)}.prisma`);
writeFileSync(previous, git("show", `${base}:prisma/schema.prisma`));

const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const sql = execFileSync(
  process.execPath,
  [cli, "migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", "schema.prisma", "--script"],
  {
    cwd: dir,
    encoding: "utf8",
    // Only parsed so the CLI can start its engine; the diff itself reads no database.
    env: { ...process.env, DATABASE_URL: readDatabaseUrl() },
  },
);
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  console.log("schema.prisma matches the last migration; nothing to write");
  process.exit(0);
}
// Migrations apply in name order, so a new one must sort after every existing one.
const latest =
  readdirSync(path.join(dir, "migrations"))
    .filter((d) => /^\d{14}_/.test(d))
    .sort()
    .at(-1)
    ?.slice(0, 14) ?? "0";
const clock = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const stamp = clock > latest ? clock : String(BigInt(latest) + 1n);
const out = path.join(dir, "migrations", `${stamp}_${name}`);
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "migration.sql"), sql);
console.log(`wrote ${path.relative(process.cwd(), out)}/migration.sql — review it, then commit it with schema.prisma`);
