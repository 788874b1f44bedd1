import path from "node:path";
import { defineConfig } from "prisma/config";
import { readDatabaseUrl } from "./src/env";
import { createAdapter } from "./src/pg-adapter";

// Prisma's native engines cannot be downloaded here, so the JS schema engine
// drives migrations through the same pg adapter the app uses.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  async adapter() {
    return createAdapter(readDatabaseUrl());
  },
});
