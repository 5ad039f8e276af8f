/**
 * `tsc2envoy run`: the filter in a local Envoy. Builds the module, starts a loopback echo upstream
 * (or uses --upstream), writes a config with the filter in front of it, starts Envoy 1.40 (found or
 * installed by envoy.ts), prints the URL and streams Envoy's log. With --watch, a change to any file
 * of the program or to the config file rebuilds and restarts Envoy on the same port; a build with
 * errors prints them and keeps the last good one serving. SIGINT or SIGTERM (Ctrl-C) stops Envoy
 * and the upstream and removes the temporary files.
 *
 * Restarting (not an LDS swap of a content-named module) keeps this simple and gives each build a
 * fresh process: a module's globals start anew, as they do when Envoy starts.
 */
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import chokidar, { FSWatcher } from "chokidar";

import { CompilerCommand } from "./cc.js";
import { CompileError, Diagnostic, UsageError } from "./diagnostics.js";
import { analyze, buildAnalyzed, CompileOptions, withBuildCacheRegexes } from "./driver.js";
import { envoyConfigYaml, findEnvoy, SocketAddress } from "./envoy.js";

export interface RunOptions extends CompileOptions {
  /** A file holding the filter_config (JSON for a typed config); read again at each start. */
  config?: string;
  /** The registered filter to run, when the file registers several. */
  filter?: string;
  /** The listener's port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** host:port of the upstream; default a loopback server echoing each request as JSON. */
  upstream?: string;
  watch: boolean;
  /** Envoy's log level for the dynamic_modules component (the filter's log lines). */
  logLevel: string;
  cc?: string | CompilerCommand;
  /** Where messages and diagnostics go (Envoy's log goes to stderr as well). */
  print: (message: string) => void;
  printDiagnostics: (diagnostics: Diagnostic[]) => void;
}

const say = (options: RunOptions, message: string) => options.print(`tsc2envoy: ${message}`);

/** A loopback upstream that answers every request with what it received, as JSON. */
async function startEchoUpstream(): Promise<{ address: SocketAddress; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const headers = Object.fromEntries(Array.from({ length: request.rawHeaders.length / 2 }, (_, i) => [request.rawHeaders[2 * i]!.toLowerCase(), request.rawHeaders[2 * i + 1]!]));
      response.setHeader("content-type", "application/json");
      response.end(`${JSON.stringify({ method: request.method, path: request.url, headers }, null, 2)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    address: { address: "127.0.0.1", port },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function parseUpstream(text: string): SocketAddress {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || !(port > 0 && port < 65536)) throw new UsageError(`--upstream ${text}: expected host:port, e.g. 127.0.0.1:8080`);
  return { address: match[1]!.replace(/^\[|\]$/g, ""), port };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

interface RunningEnvoy {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  port: number;
  adminUrl: string;
}

/** Waits for Envoy's admin address, readiness and the listener's port; undefined when Envoy exits first. */
async function whenServing(envoy: Omit<RunningEnvoy, "port" | "adminUrl">, adminPathFile: string): Promise<{ port: number; adminUrl: string } | undefined> {
  let exited = false;
  void envoy.exited.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  while (!exited && Date.now() < deadline) {
    try {
      const admin = fs.existsSync(adminPathFile) ? fs.readFileSync(adminPathFile, "utf8").trim() : "";
      if (admin) {
        const adminUrl = `http://${admin}`;
        if ((await fetch(`${adminUrl}/ready`)).status === 200) {
          const listeners = (await (await fetch(`${adminUrl}/listeners?format=json`)).json()) as {
            listener_statuses?: { local_address?: { socket_address?: { port_value?: number } } }[];
          };
          const port = listeners.listener_statuses?.[0]?.local_address?.socket_address?.port_value;
          if (port) return { port, adminUrl };
        }
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  if (!exited) envoy.child.kill("SIGKILL");
  return undefined;
}

/** Runs until SIGINT/SIGTERM (exit code 0), or until Envoy stops by itself or the filter does not build without --watch (1). */
export async function runFilter(entry: string, givenOptions: RunOptions): Promise<number> {
  // One regex store for every build: a rebuild takes unchanged patterns from memory.
  const options = withBuildCacheRegexes(givenOptions);
  if (!fs.existsSync(entry)) throw new UsageError(`no such file: ${entry}`);
  if (options.config !== undefined && !fs.existsSync(options.config)) throw new UsageError(`no such config file: ${options.config}`);
  const upstreamAddress = options.upstream === undefined ? undefined : parseUpstream(options.upstream);
  const envoyBinary = await findEnvoy((message) => say(options, message));

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tsc2envoy-run-"));
  const echo = upstreamAddress ? undefined : await startEchoUpstream();
  const upstream = upstreamAddress ?? echo!.address;
  let envoy: RunningEnvoy | undefined;
  let watcher: FSWatcher | undefined;
  let generation = 0;
  let port = options.port;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let stopping = false;

  const stopEnvoy = async () => {
    const running = envoy;
    envoy = undefined;
    if (!running) return;
    running.child.kill("SIGTERM");
    const timer = setTimeout(() => running.child.kill("SIGKILL"), 10_000);
    await running.exited;
    clearTimeout(timer);
  };

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await watcher?.close();
    await stopEnvoy();
    await echo?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
    say(options, "stopped");
    finish(code);
  };
  const onSignal = () => {
    say(options, "stopping");
    void shutdown(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  /** Builds and (re)starts; the program's files, for the watcher; undefined when it did not build. */
  const buildAndStart = async (): Promise<string[] | undefined> => {
    const analysis = analyze(entry, options);
    if (!analysis.module || !analysis.filterProgram) {
      options.printDiagnostics(analysis.diagnostics);
      return undefined;
    }
    const files = analysis.filterProgram.userFiles.map((f) => f.fileName);
    const names = analysis.module.filters.map((f) => f.name);
    const filter = options.filter ?? (names.length === 1 ? names[0] : undefined);
    if (filter === undefined || !names.includes(filter)) {
      const which = options.filter === undefined ? "choose one with --filter" : `it has no filter named '${options.filter}'`;
      throw new UsageError(`${entry} registers ${names.map((n) => `'${n}'`).join(", ") || "no filters"}: ${which}`);
    }
    const buildDir = path.join(workDir, `build-${++generation}`);
    const built = await buildAnalyzed(entry, analysis.module, { ...options, outDir: buildDir });
    const configPath = path.join(workDir, `envoy-${generation}.yaml`);
    const filterConfig = options.config === undefined ? undefined : fs.readFileSync(options.config, "utf8").trim();
    fs.writeFileSync(configPath, envoyConfigYaml({ listener: { address: "127.0.0.1", port }, upstream, admin: { address: "127.0.0.1", port: 0 }, module: built.moduleName, filter, filterConfig, accessLog: true }));

    await stopEnvoy();
    if (stopping) return files;
    const adminPathFile = path.join(workDir, `admin-${generation}`);
    const child = spawn(envoyBinary, ["-c", configPath, "--disable-hot-restart", "--log-level", "error", "--component-log-level", `dynamic_modules:${options.logLevel}`, "--admin-address-path", adminPathFile], {
      env: { ...process.env, ENVOY_DYNAMIC_MODULES_SEARCH_PATH: buildDir },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.once("error", () => resolve({ code: 127, signal: null }));
    });
    const starting = { child, exited };
    const serving = await whenServing(starting, adminPathFile);
    if (!serving) {
      const { code } = await exited;
      say(options, `Envoy did not start (exit code ${code}; its log is above)${options.watch ? "; waiting for a change" : ""}`);
      if (!options.watch) void shutdown(1);
      return files;
    }
    const running: RunningEnvoy = { ...starting, ...serving };
    envoy = running;
    port = serving.port;
    void exited.then(({ code, signal }) => {
      if (envoy !== running || stopping) return;
      envoy = undefined;
      say(options, `Envoy stopped (${signal ?? `exit code ${code}`})`);
      if (!options.watch) void shutdown(code === 0 ? 0 : 1);
    });
    const upstreamText = echo ? `a loopback server on ${upstream.address}:${upstream.port} that answers with the request it got, as JSON` : `${upstream.address}:${upstream.port}`;
    say(options, `filter '${filter}' (${built.soPath}) listening on http://127.0.0.1:${serving.port}; upstream: ${upstreamText}; admin: ${serving.adminUrl}`);
    return files;
  };

  try {
    const files = await buildAndStart();
    if (!files && !options.watch) {
      await shutdown(1);
    } else if (options.watch && !stopping) {
      let watched = new Set([...(files ?? [path.resolve(entry)]), ...(options.config ? [path.resolve(options.config)] : [])]);
      watcher = chokidar.watch([...watched], { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 50 } });
      let timer: NodeJS.Timeout | undefined;
      let rebuilding = Promise.resolve();
      watcher.on("all", (_event, changed) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          rebuilding = rebuilding.then(async () => {
            if (stopping) return;
            say(options, `${path.relative(process.cwd(), changed) || changed} changed: rebuilding`);
            try {
              const now = await buildAndStart();
              if (!now) return say(options, envoy ? "not restarted: the last good build keeps serving" : "waiting for a change");
              const next = new Set([...now, ...(options.config ? [path.resolve(options.config)] : [])]);
              watcher?.add([...next].filter((f) => !watched.has(f)));
              watcher?.unwatch([...watched].filter((f) => !next.has(f)));
              watched = next;
            } catch (error) {
              if (error instanceof CompileError) return options.printDiagnostics(error.diagnostics);
              if (error instanceof UsageError) return say(options, error.message);
              // A bug of ours: report it as the CLI does, and stop what was started rather than leave Envoy running.
              say(options, `internal error: ${error instanceof Error ? error.message : String(error)}`);
              await shutdown(3);
            }
          });
        }, 100);
      });
      say(options, "watching the filter's files and its config for changes (Ctrl-C stops)");
    }
  } catch (error) {
    await shutdown(1);
    throw error;
  }
  const code = await finished;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  return code;
}
