import type { NextConfig } from "next";

const config: NextConfig = {
  // Internal packages are consumed as TypeScript source.
  transpilePackages: ["@switchyard/db", "@switchyard/workflows", "@switchyard/connectors"],
  // Native/gRPC and pg stay as Node requires instead of being bundled.
  serverExternalPackages: [
    "@temporalio/client",
    "@temporalio/common",
    "@temporalio/proto",
    "@grpc/grpc-js",
    "pg",
    "@prisma/adapter-pg",
    "@slack/bolt",
    // Tracing and metrics (started by instrumentation.ts, read at /metrics): plain Node packages.
    "@temporalio/interceptors-opentelemetry",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/sdk-trace-base",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
    "prom-client",
  ],
  poweredByHeader: false,
  // Lets tests run their own Next server beside `npm run dev` without sharing build state.
  distDir: process.env.SWITCHYARD_NEXT_DIST_DIR ?? ".next",
  // The browser tests' build: `npm run typecheck` checks types once for the whole repo, so this build skips it.
  typescript: { ignoreBuildErrors: process.env.SWITCHYARD_NEXT_SKIP_TYPECHECK === "1" },
  typedRoutes: false,
};

export default config;
