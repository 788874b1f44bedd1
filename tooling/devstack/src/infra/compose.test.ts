import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../env";
import { appEnvNames, RUNTIME_ENV_NAMES } from "./app-env-names";

// The compose file, checked without a Docker engine (these machines have none): dclint validates it
// against the Compose Specification's schema and its rules, and the rest is read here.
const infra = path.join(repoRoot, "infra");
const exec = promisify(execFile);

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  env_file?: string;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number | string };
  ports?: string[];
  stop_grace_period?: string;
}

const text = await readFile(path.join(infra, "docker-compose.yml"), "utf8");
const compose = parse(text, { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;
const appServices = Object.entries(services).filter(([, s]) => s.build);
const dockerfile = await readFile(path.join(infra, "docker", "Dockerfile"), "utf8");

/** The variables a file interpolates (`${NAME}`, `${NAME:-default}`, `${NAME:?message}`). */
const interpolated = (source: string) => new Set([...source.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!));

describe("infra/docker-compose.yml", () => {
  it("passes dclint (Compose Specification schema and rules)", async () => {
    const bin = path.join(repoRoot, "node_modules", ".bin", "dclint");
    const args = ["-c", path.join(infra, ".dclintrc.json"), "--max-warnings", "0", "--color", "false"];
    await expect(exec(bin, [...args, path.join(infra, "docker-compose.yml")])).resolves.toBeDefined();
  });

  it("runs the whole stack: PostgreSQL, Temporal with its schema job and UI, mail, migrations, web, worker", () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        "mailpit",
        "migrate",
        "postgres",
        "temporal",
        "temporal-namespace",
        "temporal-schema",
        "temporal-ui",
        "web",
        "worker",
      ].sort(),
    );
    expect(services.temporal!.image).toMatch(/^temporalio\/server:\d/);
    expect(services["temporal-schema"]!.image).toMatch(/^temporalio\/admin-tools:\d/);
    expect(services["temporal-ui"]!.image).toMatch(/^temporalio\/ui:\d/);
    expect(services["temporal-schema"]!.image!.split(":")[1]).toBe(services.temporal!.image!.split(":")[1]);
  });

  it("gives every service a pinned image or a build of a Dockerfile stage that exists", () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) {
        expect(service.build.dockerfile, name).toBe("infra/docker/Dockerfile");
        expect(dockerfile, name).toMatch(new RegExp(`^FROM \\S+ AS ${service.build.target}$`, "m"));
      } else {
        expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
        expect(service.image, name).not.toMatch(/:latest$/);
      }
    }
    expect(services.migrate!.build!.target).toBe("migrate");
    expect(dockerfile).toMatch(/^FROM build AS migrate\n(?:.*\n)*?CMD \["npm", "run", "db:deploy"\]$/m);
  });

  it("orders start-up: schema and migration jobs finish before what needs them starts", () => {
    const completed = { condition: "service_completed_successfully" };
    const healthy = { condition: "service_healthy" };
    expect(services.migrate!.depends_on).toEqual({ postgres: healthy });
    expect(services["temporal-schema"]!.depends_on).toEqual({ postgres: healthy });
    expect(services.temporal!.depends_on).toEqual({ "temporal-schema": completed });
    expect(services["temporal-namespace"]!.depends_on).toEqual({ temporal: healthy });
    for (const app of ["web", "worker"])
      expect(services[app]!.depends_on, app).toEqual({ migrate: completed, "temporal-namespace": completed });
    for (const [name, service] of Object.entries(services))
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {}))
        if (condition === "service_healthy")
          expect(services[dependency]!.healthcheck, `${name} → ${dependency}`).toBeDefined();
  });

  it("scales the worker: replicas, no host port, time for its graceful shutdown", () => {
    const worker = services.worker!;
    expect(String(worker.deploy?.replicas)).toMatch(/^\$\{SWITCHYARD_WORKER_REPLICAS:-\d+\}$/);
    expect(worker.ports).toBeUndefined();
    expect(worker.stop_grace_period).toMatch(/^\d+s$/);
    // The port the worker was told (env_file), 9464 by default.
    expect(worker.healthcheck!.test.join(" ")).toContain(
      "'http://127.0.0.1:' + (process.env.SWITCHYARD_WORKER_HEALTH_PORT || 9464) + '/readyz'",
    );
    expect(services.web!.healthcheck!.test.join(" ")).toContain("127.0.0.1:3000/readyz");
    expect(compose.volumes).toHaveProperty("postgres-data");
  });

  it("keeps secrets out: they come from .env, which git ignores", async () => {
    const secretName = /PASSWORD|PWD|SECRET|KEY|TOKEN/;
    for (const [name, service] of Object.entries(services))
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (secretName.test(key)) expect(value, `${name}.${key}`).toMatch(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/);
        // A URL's password, if it has one, is interpolated too.
        const url = String(value).replace(/\$\{[^}]*\}/g, "INTERPOLATED");
        const password = /^\w+:\/\/[^:/@]*:([^@]*)@/.exec(url)?.[1];
        if (password !== undefined) expect(password, `${name}.${key}`).toBe("INTERPOLATED");
      }
    for (const [name, service] of appServices) expect(service.env_file, name).toBe(".env");
    await expect(exec("git", ["check-ignore", "-q", "infra/.env"], { cwd: repoRoot })).resolves.toBeDefined();
  });

  it("passes the apps only variables they read, and .env.example names every one of them", async () => {
    const read = await appEnvNames(repoRoot);
    for (const [name, service] of appServices)
      for (const key of Object.keys(service.environment ?? {})) expect(read, `${name}.${key}`).toContain(key);

    const example = await readFile(path.join(infra, ".env.example"), "utf8");
    const set = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    const named = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
    const composeReads = interpolated(text);
    for (const key of set) expect(read.has(key) || composeReads.has(key), `.env.example sets ${key}`).toBe(true);
    for (const key of read)
      if (!RUNTIME_ENV_NAMES.includes(key)) expect(named, `.env.example names ${key}`).toContain(key);
    for (const key of composeReads) expect(named, `.env.example names ${key}`).toContain(key);
  });
});
