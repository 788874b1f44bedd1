import path from "node:path";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { env, repoRoot } from "../env";
import { appEnvNames } from "./app-env-names";
import { lintAndRender, type HelmResult } from "./helm";
import { resolveHelmSdk } from "./tools";

// Helm's own lint and render (Helm v4 through helm-python-sdk, see tools.ts), then the manifests read here.
const chartDir = path.join(repoRoot, "infra", "helm", "switchyard");
const secrets = {
  DATABASE_URL: "postgresql://switchyard:pw@db.example.com:5432/switchyard",
  SWITCHYARD_ENCRYPTION_KEY: "a2V5LWtleS1rZXkta2V5LWtleS1rZXkta2V5LWtleS0=",
  SWITCHYARD_SECRET: "s".repeat(32),
};

interface Manifest {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface Container {
  name: string;
  image: string;
  envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  livenessProbe?: { httpGet: { path: string } };
  readinessProbe?: { httpGet: { path: string } };
}
interface PodSpec {
  containers: Container[];
  securityContext: { runAsNonRoot: boolean };
}

let sdk: string;
beforeAll(async () => {
  sdk = await resolveHelmSdk(env.SWITCHYARD_TOOLS_DIR);
}, 300_000);

async function render(values: object): Promise<{ result: HelmResult; manifests: Manifest[] }> {
  const result = await lintAndRender(sdk, chartDir, values);
  const manifests = Object.entries(result.manifests)
    .filter(([file]) => file.endsWith(".yaml"))
    .flatMap(([, text]) => parseAllDocuments(text).map((doc) => doc.toJS() as Manifest))
    .filter(Boolean);
  return { result, manifests };
}

const find = (manifests: Manifest[], kind: string, suffix: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name.endsWith(suffix))!;
const podOf = (m: Manifest) => (m.spec as { template: { spec: PodSpec } }).template.spec;

describe("infra/helm/switchyard", () => {
  it("lints clean under helm lint --strict", async () => {
    const { result } = await render({ secret: { values: secrets } });
    expect(result.lint.errors).toEqual([]);
    expect(result.lint.messages.filter((m) => m.severity >= 2)).toEqual([]);
  });

  it("renders web, worker, its HPA, the migration hook and the settings", async () => {
    const { manifests, result } = await render({ secret: { values: secrets } });
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      "ConfigMap/switchyard-config",
      "Deployment/switchyard-web",
      "Deployment/switchyard-worker",
      "HorizontalPodAutoscaler/switchyard-worker",
      "Job/switchyard-migrate",
      "Secret/switchyard-env",
      "Secret/switchyard-migrate-env",
      "Service/switchyard-web",
    ]);
    expect(result.manifests["switchyard/templates/NOTES.txt"]).toContain("port-forward svc/switchyard-web");

    const job = find(manifests, "Job", "-migrate");
    expect(job.metadata.annotations!["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    // What the job reads exists before it: a hook Secret of its own, holding only the database's URL.
    const migrateEnv = find(manifests, "Secret", "-migrate-env");
    expect(migrateEnv.metadata.annotations!["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    expect(Number(migrateEnv.metadata.annotations!["helm.sh/hook-weight"])).toBeLessThan(
      Number(job.metadata.annotations!["helm.sh/hook-weight"]),
    );
    expect(migrateEnv.stringData).toEqual({ DATABASE_URL: secrets.DATABASE_URL });
    expect(podOf(job).containers[0]!.env).toContainEqual({
      name: "DATABASE_URL",
      valueFrom: { secretKeyRef: { name: "switchyard-migrate-env", key: "DATABASE_URL" } },
    });
    // The pods' settings are the release's own (helm rollback restores them, uninstall removes them), not hooks.
    for (const name of ["switchyard-env", "switchyard-config"]) {
      const settings = manifests.find((m) => m.metadata.name === name)!;
      expect(settings.metadata.annotations?.["helm.sh/hook"], name).toBeUndefined();
    }
    expect(podOf(job).containers[0]!.image).toBe("switchyard-migrate:0.1.0");

    const hpa = find(manifests, "HorizontalPodAutoscaler", "-worker");
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { kind: "Deployment", name: "switchyard-worker" },
      minReplicas: 2,
    });
    // The HPA owns the worker count, so the Deployment does not fight it.
    expect(find(manifests, "Deployment", "-worker").spec!.replicas).toBeUndefined();
  });

  it("probes /healthz for liveness and /readyz for readiness, as a non-root user", async () => {
    const { manifests } = await render({ secret: { values: secrets } });
    for (const suffix of ["-web", "-worker"]) {
      const pod = podOf(find(manifests, "Deployment", suffix));
      const [container] = pod.containers;
      expect(container!.livenessProbe!.httpGet.path, suffix).toBe("/healthz");
      expect(container!.readinessProbe!.httpGet.path, suffix).toBe("/readyz");
      expect(pod.securityContext.runAsNonRoot, suffix).toBe(true);
      expect(container!.envFrom, suffix).toEqual([
        { configMapRef: { name: "switchyard-config" } },
        { secretRef: { name: "switchyard-env" } },
      ]);
    }
  });

  it("serves the worker's probes and metrics on worker.healthPort, and tells the worker so", async () => {
    const { manifests } = await render({ secret: { values: secrets }, worker: { healthPort: 9500 } });
    const worker = find(manifests, "Deployment", "-worker");
    const [container] = podOf(worker).containers as (Container & { ports: { containerPort: number }[] })[];
    expect(container!.env).toContainEqual({ name: "SWITCHYARD_WORKER_HEALTH_PORT", value: "9500" });
    expect(container!.ports).toEqual([{ name: "health", containerPort: 9500 }]);
    const annotations = (worker.spec as { template: { metadata: Manifest["metadata"] } }).template.metadata
      .annotations!;
    expect(annotations["prometheus.io/port"]).toBe("9500");
  });

  it("sets only variables the apps read", async () => {
    const read = await appEnvNames(repoRoot);
    const { manifests } = await render({ secret: { values: { ...secrets, SMTP_URL: "smtp://mail:25" } } });
    const names = [
      ...Object.keys(find(manifests, "ConfigMap", "-config").data!),
      ...manifests.filter((m) => m.kind === "Secret").flatMap((m) => Object.keys(m.stringData!)),
      ...manifests
        .filter((m) => m.kind === "Deployment")
        .flatMap((m) => podOf(m).containers.flatMap((c) => (c.env ?? []).map((e) => e.name))),
    ];
    for (const name of names) expect(read, name).toContain(name);
  });

  it("rolls the pods when a setting changes, which envFrom alone would not", async () => {
    const checksums = async (values: object) => {
      const { manifests } = await render(values);
      return ["-web", "-worker"].map((suffix) => {
        const template = (
          find(manifests, "Deployment", suffix).spec as { template: { metadata: Manifest["metadata"] } }
        ).template;
        return template.metadata.annotations!["checksum/settings"];
      });
    };
    const before = await checksums({ secret: { values: secrets } });
    const [web, worker] = await checksums({ secret: { values: { ...secrets, SMTP_URL: "smtp://mail:25" } } });
    expect(web).not.toBe(before[0]);
    expect(worker).not.toBe(before[1]);
    expect(await checksums({ secret: { values: secrets }, config: { TEMPORAL_NAMESPACE: "prod" } })).not.toEqual(
      before,
    );
  });

  it("uses an existing Secret instead of creating one, and otherwise names a missing value", async () => {
    const { manifests } = await render({
      secret: { existingSecret: "switchyard-prod" },
      worker: { autoscaling: { enabled: false } },
    });
    expect(manifests.find((m) => m.kind === "Secret")).toBeUndefined();
    expect(podOf(find(manifests, "Job", "-migrate")).containers[0]!.env).toContainEqual({
      name: "DATABASE_URL",
      valueFrom: { secretKeyRef: { name: "switchyard-prod", key: "DATABASE_URL" } },
    });
    expect(manifests.find((m) => m.kind === "HorizontalPodAutoscaler")).toBeUndefined();
    const worker = find(manifests, "Deployment", "-worker");
    expect(worker.spec!.replicas).toBe(2);
    expect(podOf(worker).containers[0]!.envFrom[1]).toEqual({ secretRef: { name: "switchyard-prod" } });

    await expect(render({ secret: { values: { ...secrets, SWITCHYARD_SECRET: "" } } })).rejects.toThrow(
      /secret\.values\.SWITCHYARD_SECRET is required/,
    );
  });
});
