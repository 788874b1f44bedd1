import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { env, repoRoot } from "../env";
import { resolveHadolint } from "./tools";

// The Dockerfile, checked without a Docker engine: hadolint's rules, then its structure read here.
const file = path.join(repoRoot, "infra", "docker", "Dockerfile");
const text = await readFile(file, "utf8");

/** Each stage's instructions by stage name, continuation lines joined. */
function stages(source: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of source.replace(/\\\n\s*/g, "").split("\n")) {
    const from = /^FROM (\S+) AS (\S+)$/.exec(line);
    if (from) result.set(from[2]!, (current = [`FROM ${from[1]}`]));
    else if (/^[A-Z]+ /.test(line)) current.push(line);
  }
  return result;
}

describe("infra/docker/Dockerfile", () => {
  it("passes hadolint", async () => {
    const hadolint = await resolveHadolint(env.SWITCHYARD_TOOLS_DIR, env.PATH);
    await expect(promisify(execFile)(hadolint, ["--no-color", file])).resolves.toBeDefined();
  }, 300_000);

  it("builds from a Node 24 base, with the workspaces pruned and npm ci", () => {
    expect(text).toMatch(/^ARG NODE_IMAGE=node:24-[\w.-]+$/m);
    const all = stages(text);
    expect(all.get("prune")!.join("\n")).toMatch(/turbo@[\d.]+ prune @switchyard\/web @switchyard\/workflows --docker/);
    expect(all.get("build")!.join("\n")).toMatch(/npm ci /);
    expect(all.get("build")!.join("\n")).toMatch(/npm run build/);
    // The pinned turbo matches the repository's.
    expect(text).toContain(
      `turbo@${(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies.turbo}`,
    );
  });

  it("ends in small non-root images for web and worker, each with a health check", () => {
    const all = stages(text);
    const runtime = all.get("runtime")!;
    expect(runtime[0]).toBe("FROM ${NODE_IMAGE}");
    expect(runtime).toContain("USER 1000:1000");
    expect(runtime.join("\n")).toMatch(/COPY --from=production-deps/);
    expect(all.get("production-deps")!.join("\n")).toMatch(/npm prune --omit=dev/);
    for (const [target, port, role] of [
      ["web", "process.env.PORT || 3000", "web"],
      ["worker", "process.env.SWITCHYARD_WORKER_HEALTH_PORT || 9464", "worker"],
    ] as const) {
      const stage = all.get(target)!;
      expect(stage[0], target).toBe("FROM runtime");
      expect(
        stage.find((l) => l.startsWith("HEALTHCHECK")),
        target,
      ).toContain(`'http://127.0.0.1:' + (${port}) + '/healthz'`);
      // The signal must reach start.js: npm's sh would swallow SIGTERM (no graceful shutdown).
      expect(stage, target).toContain(`CMD ["node", "scripts/start.js", "--role", "${role}"]`);
    }
  });
});
