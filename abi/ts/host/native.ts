/**
 * The native host (abi/c/host/host.c) from Node: compiled once per process with the C compiler the
 * compiler uses; run once over a whole input, or kept running to be driven a few lines at a time
 * (the testing harness's compiled mode).
 *
 * Nothing is left on disk, however the process ends (test runners end their workers without
 * running exit handlers): the binary and modules are kept in memory, and each run writes a private
 * copy that is removed as soon as the host has started (the kernel keeps what it executes, and a
 * module once the host has loaded it).
 */
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

import { findToolchain, Toolchain } from "../../../compiler/cc.js";
import { abiHeaderDir, packageRoot } from "../../../compiler/paths.js";

export const nativeHostSourceDir = path.join(packageRoot, "abi", "c", "host");

/** Runs `use` with a private temporary directory (mode 0700), removed afterwards. */
export async function withPrivateDir<T>(use: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-"));
  try {
    return await use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface NativeHostBuild {
  toolchain?: Toolchain;
  /** Added to the compiler's flags (tests: -Werror, sanitizers). */
  extraFlags?: string[];
}

const builds = new Map<string, Promise<Buffer>>();

/** The host binary, compiled on first use in this process. */
export function nativeHost(options: NativeHostBuild = {}): Promise<Buffer> {
  const extraFlags = options.extraFlags ?? [];
  const key = JSON.stringify([options.toolchain?.command, options.toolchain?.args, extraFlags]);
  let build = builds.get(key);
  if (!build) {
    build = withPrivateDir(async (dir) => {
      const toolchain = options.toolchain ?? (await findToolchain());
      const out = path.join(dir, "host");
      const sources = ["host.c", "envoy_model.c", "network_model.c", "udp_model.c", "access_log_model.c", "tracer_sink_model.c", "clock_model.c"].map((file) => path.join(nativeHostSourceDir, file));
      const flags = ["-std=c11", "-D_GNU_SOURCE", "-O1", "-Wall", "-Wextra", "-rdynamic", ...extraFlags];
      await execa(toolchain.command, [...(toolchain.args ?? []), ...flags, "-I", abiHeaderDir, "-I", nativeHostSourceDir, ...sources, "-o", out, "-ldl", "-pthread"]);
      return fs.readFileSync(out);
    });
    builds.set(key, build);
  }
  return build;
}

/** Writes the host binary into `dir` (private to one run). */
function hostFile(dir: string, host: Buffer): string {
  const file = path.join(dir, "host");
  fs.writeFileSync(file, host, { mode: 0o700 });
  return file;
}

/** Runs `lines` against the module at `soPath`; the transcript. Throws when the host fails (a module crash, a refused header). */
export async function runNativeHost(host: Buffer, soPath: string, lines: string, timeoutMs = 60_000): Promise<string> {
  const run = await withPrivateDir((dir) => {
    // Spawned before the directory goes: execa starts the process at once.
    const subprocess = execa(hostFile(dir, host), [soPath], { input: lines, reject: false, stripFinalNewline: false, timeout: timeoutMs });
    return { subprocess };
  });
  const result = await run.subprocess;
  if (result.exitCode !== 0) throw new Error(`native host exited with ${result.exitCode} (signal ${result.signal ?? "none"}):\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

/** A host kept running over one module, driven a few lines at a time. */
export class NativeSession {
  private output = "";
  private errors = "";
  private exit: string | undefined;
  private waiter: (() => void) | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      this.output += chunk;
      this.waiter?.();
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => (this.errors += chunk));
    child.on("exit", (code, signal) => {
      this.exit = signal ? `was killed by ${signal}` : `exited with ${code}`;
      this.waiter?.();
    });
    // The host ends when its input closes: it never keeps the process (a test worker) alive.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  }

  /** Starts the host on the module `module` (the bytes of lib<name>.so); returns the session and what loading printed. */
  static async start(host: Buffer, module: Buffer): Promise<{ session: NativeSession; transcript: string }> {
    return withPrivateDir(async (dir) => {
      const soPath = path.join(dir, "module.so");
      fs.writeFileSync(soPath, module, { mode: 0o700 });
      const session = new NativeSession(spawn(hostFile(dir, host), [soPath], { stdio: ["pipe", "pipe", "pipe"] }));
      // Once it answers, the host has loaded the module, and the files can go.
      return { session, transcript: await session.run("") };
    });
  }

  /** Runs protocol lines; resolves with what they printed. */
  run(lines: string, timeoutMs = 60_000): Promise<string> {
    if (this.exit) return Promise.reject(this.failure());
    this.child.stdin!.write(`${lines}Y\n`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.child.kill("SIGKILL");
        reject(new Error(`the native host did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = () => {
        const end = this.output.startsWith("sync\n") ? 0 : this.output.indexOf("\nsync\n") + 1;
        if (end === 0 ? this.output.startsWith("sync\n") : end > 0) {
          const text = this.output.slice(0, end);
          this.output = this.output.slice(end + "sync\n".length);
          this.waiter = undefined;
          clearTimeout(timer);
          resolve(text);
        } else if (this.exit) {
          this.waiter = undefined;
          clearTimeout(timer);
          reject(this.failure());
        }
      };
      this.waiter();
    });
  }

  /** Ends the host (it exits when its input closes). */
  async close(): Promise<void> {
    if (this.exit) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin!.end();
    await exited;
  }

  private failure(): Error {
    return new Error(`the native host ${this.exit}:\n${this.errors}${this.output}`);
  }
}
