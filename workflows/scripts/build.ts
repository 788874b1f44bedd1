// The worker's production build: src/main.ts compiled to one ES module (our workspace packages
// inlined, npm packages left to node_modules), and the interpreter's workflow bundles beside it (plain,
// and traced for OTLP), so a production worker neither compiles TypeScript nor bundles workflow code at start.
// Usage: tsx scripts/build.ts [output folder, default dist/]
import { readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire, isBuiltin } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { prebuiltBundleName } from "../src/bundle-interpreter";
import { bundleInterpreter } from "../src/worker";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(packageDir, "dist"));

/**
 * npm packages stay imports (native addons, Prisma's wasm, the SDK's own workflow runtime); ours are
 * TypeScript source, so they are compiled in. A deep import into a package without an `exports` map
 * (`@temporalio/interceptors-opentelemetry/lib/client`, a folder) resolves under tsx's CommonJS rules
 * but not as an ES module import, so it is written out as the file it resolves to.
 */
const externalNpmPackages: Plugin = {
  name: "external-npm-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@switchyard/")
        ? undefined
        : { path: asEsmImport(args.path, args.resolveDir), external: true },
    );
  },
};

function asEsmImport(specifier: string, fromDir: string): string {
  const parts = specifier.split("/");
  const name = parts.slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
  if (isBuiltin(specifier) || name === specifier || path.extname(specifier)) return specifier;
  const require = createRequire(path.join(fromDir, "noop.js"));
  const manifest = require.resolve(`${name}/package.json`);
  if ((JSON.parse(readFileSync(manifest, "utf8")) as { exports?: unknown }).exports) return specifier;
  return `${name}/${path.relative(path.dirname(manifest), require.resolve(specifier)).split(path.sep).join("/")}`;
}

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const [plain, traced] = await Promise.all([
  bundleInterpreter(),
  bundleInterpreter({ traced: true }),
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
await Promise.all([
  writeFile(path.join(outDir, prebuiltBundleName(false)), plain.code),
  writeFile(path.join(outDir, prebuiltBundleName(true)), traced.code),
]);
console.log(`worker built into ${path.relative(process.cwd(), outDir) || "."}`);
