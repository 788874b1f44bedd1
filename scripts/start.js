// `npm start -- --role web|worker|all`: runs the production build (`npm run build`), never the sources.
// web is `next start`; worker is the compiled worker (workflows/dist); all is both, as two processes
// under this one: signals are passed on, and when either child exits unasked the other is stopped and
// this process exits non-zero, so the container or service manager restarts the whole. It never
// migrates the database: that is `npm run db:deploy`, a step of its own.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const ROLES = ["web", "worker", "all"];

function fail(message) {
  console.error(`switchyard start: ${message}`);
  process.exit(2);
}

function parseRole() {
  try {
    const { values } = parseArgs({ options: { role: { type: "string", default: "all" } } });
    if (!ROLES.includes(values.role)) fail(`--role must be one of ${ROLES.join(", ")}, not "${values.role}"`);
    return values.role;
  } catch (err) {
    return fail(`${err.message} (usage: npm start -- --role web|worker|all)`);
  }
}

/** What each role runs: the command, and the build file whose absence means `npm run build` was not run. */
function commands(env) {
  const webDir = path.join(root, "web");
  // Tests build the worker elsewhere, as they build web into SWITCHYARD_NEXT_DIST_DIR.
  const worker = path.join(root, "workflows", env.SWITCHYARD_WORKER_DIST_DIR ?? "dist", "main.js");
  return {
    web: {
      built: path.join(webDir, env.SWITCHYARD_NEXT_DIST_DIR ?? ".next", "BUILD_ID"),
      args: [
        createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next"),
        "start",
        "--port",
        env.PORT ?? "3000",
        "--hostname",
        env.SWITCHYARD_WEB_HOST ?? "0.0.0.0",
      ],
      cwd: webDir,
    },
    // The linear-time RegExp engine is a V8 flag, best given on the command line (regexp-engine.ts).
    worker: { built: worker, args: ["--enable-experimental-regexp-engine", "--enable-source-maps", worker], cwd: root },
  };
}

const role = parseRole();
const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production" };
// next-auth reads its own base URL; production has the one the app is reached at.
if (!env.NEXTAUTH_URL && env.SWITCHYARD_PUBLIC_URL) env.NEXTAUTH_URL = env.SWITCHYARD_PUBLIC_URL;
const all = commands(env);
const names = role === "all" ? ["web", "worker"] : [role];
for (const name of names)
  if (!existsSync(all[name].built))
    fail(`${name} is not built (${all[name].built} is missing): run npm run build first`);

/** The exit codes of a process that a SIGINT or SIGTERM stopped as asked (128 + the signal's number). */
const STOPPED_BY_SIGNAL = new Set([130, 143]);
let stopping = false;
let exitCode = 0;
const children = names.map((name) => {
  const child = spawn(process.execPath, all[name].args, { cwd: all[name].cwd, env, stdio: "inherit" });
  child.on("exit", (code, signal) => {
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!stopping) {
      console.error(`switchyard start: ${name} exited (${how})${names.length > 1 ? "; stopping the rest" : ""}`);
      exitCode = code || 1;
      stopAll("SIGTERM");
    } else if (code && !STOPPED_BY_SIGNAL.has(code)) exitCode = code;
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
  });
  return child;
});

function stopAll(signal) {
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => stopAll(signal));
