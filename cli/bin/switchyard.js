#!/usr/bin/env node
// `npx switchyard`: the CLI is TypeScript source like every workspace, so load it through tsx's ESM loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
