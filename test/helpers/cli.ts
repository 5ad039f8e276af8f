/** Runs the built tsc2envoy command line as a user runs it (dist/compiler/cli.js). */
import fs from "node:fs";
import path from "node:path";
import { execa, execaSync } from "execa";

import { repoRoot, scratchDir } from "./paths.js";

export const cliPath = path.join(repoRoot, "dist", "compiler", "cli.js");

/** Output as on a plain pipe whatever the test runner's environment says (CI often sets FORCE_COLOR). */
const colorUnset = { FORCE_COLOR: undefined, NO_COLOR: undefined };

/** `env` extends the environment (undefined unsets) unless it sets PATH, which then replaces it. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, options: { timeout?: number } = {}) {
  return execa("node", [cliPath, ...args], { reject: false, cwd: repoRoot, env: { ...colorUnset, ...env }, extendEnv: !env.PATH, timeout: options.timeout });
}

const isRoot = process.getuid?.() === 0;
const unprivileged = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

/** Whether runCliUnprivileged can work here: as root, uid 65534 must be able to read the repository. */
export const canRunUnprivileged = !isRoot || execaSync(unprivileged[0]!, [...unprivileged.slice(1), "node", "-e", `require("fs").accessSync(${JSON.stringify(cliPath)})`], { reject: false }).exitCode === 0;

/**
 * Runs the CLI as a user without root's power to write anywhere: as root, as uid/gid 65534
 * (setpriv, util-linux); otherwise as the current user. The repository must be readable to it.
 */
export async function runCliUnprivileged(args: string[]) {
  if (!isRoot) return runCli(args);
  // Its own build cache: root's is (rightly) closed to it.
  const cache = scratchDir("unprivileged-cache");
  fs.chownSync(cache, 65534, 65534);
  try {
    return await execa(unprivileged[0]!, [...unprivileged.slice(1), "node", cliPath, ...args], {
      reject: false,
      cwd: repoRoot,
      env: { ...colorUnset, TSC2ENVOY_CACHE_DIR: cache },
    });
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

/** A directory the unprivileged user can read and search but not write. */
export function makeReadOnlyForUnprivileged(dir: string): void {
  fs.chmodSync(dir, isRoot ? 0o755 : 0o555);
}
