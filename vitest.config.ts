import { defineConfig } from "vitest/config";

// One vitest run for every workspace, so the whole suite shares one Temporal
// dev server and one migrated template database (see the global setup).
export default defineConfig({
  test: {
    include: ["{web,workflows,connectors,prisma,cli,tooling}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**"],
    globalSetup: ["tooling/devstack/src/testing/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
