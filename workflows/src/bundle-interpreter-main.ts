// The child process of bundle-interpreter.ts: writes the interpreter's bundle to the path given.
import { writeFile } from "node:fs/promises";
import { bundleInterpreter } from "./worker";

const [target, traced] = process.argv.slice(2);
if (!target) throw new Error("usage: bundle-interpreter-main.ts <output file> [traced]");
await writeFile(target, (await bundleInterpreter({ traced: traced === "traced" })).code);
