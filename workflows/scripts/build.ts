// The worker's production build: src/main.ts compiled to one ES module (our workspace packages
// inlined, npm packages left to node_modules), and the interpreter's workflow bundle beside it, so a
// production worker neither compiles TypeScript nor bundles workflow code at start.
// Usage: tsx scripts/build.ts [output folder, default dist/]
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { PREBUILT_BUNDLE } from "../src/bundle-interpreter";
import { bundleInterpreter } from "../src/worker";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(packageDir, "dist"));

/** npm packages stay imports (native addons, Prisma's wasm, the SDK's own workflow runtime); ours are TypeScript source, so they are compiled in. */
const externalNpmPackages: Plugin = {
  name: "external-npm-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@switchyard/") ? undefined : { path: args.path, external: true },
    );
  },
};

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const [code] = await Promise.all([
  bundleInterpreter(),
  build({
    entryPoints: [path.join(packageDir, "src/main.ts")],
    outfile: path.join(outDir, "main.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    sourcemap: true,
    plugins: [externalNpmPackages],
    logLevel: "warning",
  }),
]);
await writeFile(path.join(outDir, PREBUILT_BUNDLE), code.code);
console.log(`worker built into ${path.relative(process.cwd(), outDir) || "."}`);
