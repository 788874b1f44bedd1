import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One vitest run for every workspace, so the whole suite shares one Temporal
// dev server and one migrated template database (see the global setup).
export default defineConfig({
  // web's `~/` import path (web/tsconfig.json), for tests that import route and router modules.
  resolve: { alias: { "~": fileURLToPath(new URL("web/src", import.meta.url)) } },
  test: {
    include: ["{web,workflows,connectors,prisma,cli,tooling}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**"],
    globalSetup: ["tooling/devstack/src/testing/global-setup.ts"],
    // Ceilings for a stuck test, not speed checks. The first file to start the web app builds it
    // for the whole run (see next-build.ts), which takes minutes on a loaded 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 900_000,
    pool: "forks",
    // Two files at once. Vitest's default is one fewer than the cores, one file at a time on our 2-core
    // machines, while most files spend their time waiting on Temporal, servers and child processes.
    maxWorkers: 2,
  },
});
