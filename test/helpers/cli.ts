/** Runs the built tsc2envoy command line as a user runs it (dist/compiler/cli.js). */
import { ChildProcess, spawn } from "node:child_process";
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

/** A CLI left running (run, build --watch): its output so far, and a wait for a line of it. */
export interface RunningCli {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

const startedClis: ChildProcess[] = [];

/** Kills what startCli started and is still running (call from afterEach). */
export function killStartedClis(): void {
  for (const child of startedClis.splice(0)) if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
}

/** Starts the CLI in its own process group (as a terminal runs it), stdout and stderr gathered together. */
export function startCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): RunningCli {
  const child = spawn("node", [cliPath, ...args], { cwd, detached: true, env: { ...process.env, ...colorUnset, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  startedClis.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${args[0]} never printed ${pattern}; it printed:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
