/**
 * `tsc2envoy run` as a user runs it: a child process in its own process group (as a terminal
 * runs it), the real Envoy, requests through the URL it prints, an edit to the filter while it
 * watches, and Ctrl-C (SIGINT to the group) stopping everything it started.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

import { killStartedClis, startCli } from "../helpers/cli.js";
import { envoyBinary } from "../helpers/envoy.js";
import { request } from "../helpers/net.js";
import { repoRoot, scratchDir } from "../helpers/paths.js";

const templates = path.join(repoRoot, "compiler", "templates");

afterEach(killStartedClis);

const startRun = (args: string[], cwd: string) => startCli(["run", ...args], cwd, { ENVOY_BIN: envoyBinary() });

/** True while any process of the group (the CLI, Envoy) is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("tsc2envoy run", () => {
  it("serves the filter, rebuilds and restarts on change, keeps the last good build on errors, and stops everything on Ctrl-C", async () => {
    const project = scratchDir("run");
    for (const file of ["filter.ts", "filter.config.json"]) fs.copyFileSync(path.join(templates, file), path.join(project, file));
    const run = startRun(["filter.ts", "--config", "filter.config.json", "--port", "0", "--watch"], project);

    const url = (await run.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/))[1]!;
    const port = Number(url);
    const workDir = /\((\/[^)]*)\/build-1\/libfilter\.so\)/.exec(run.output())?.[1];
    expect(workDir && fs.existsSync(workDir)).toBe(true);
    await run.waitFor(/watching/);

    const forwarded = await request(port, "/hello");
    expect(forwarded.status).toBe(200);
    expect(JSON.parse(forwarded.body).headers["x-hello"]).toBe("world");
    const denied = await request(port, "/admin/users");
    expect(denied.status).toBe(403);
    expect(denied.body).toBe("forbidden\n");
    // Envoy's log, with the filter's line in it, comes through.
    await run.waitFor(/\[dynamic_modules\] \[filter\.ts:\d+\] denied \/admin\/users/);

    // An edit to the filter: rebuilt, Envoy restarted on the same port.
    const filter = path.join(project, "filter.ts");
    fs.writeFileSync(filter, fs.readFileSync(filter, "utf8").replace("envoy.setRequestHeader(name, value);", 'envoy.setRequestHeader(name, value + "!");'));
    await run.waitFor(/build-2\/libfilter\.so\) listening on http:\/\/127\.0\.0\.1:(\d+)/);
    expect(run.output()).toContain("filter.ts changed: rebuilding");
    expect(JSON.parse((await request(port, "/hello")).body).headers["x-hello"]).toBe("world!");

    // An edit to the config file: the same.
    fs.writeFileSync(path.join(project, "filter.config.json"), JSON.stringify({ header: ["x-other", "1"], deny_prefix: "/nope" }));
    await run.waitFor(/build-3\/libfilter\.so\) listening/);
    const reconfigured = await request(port, "/admin/users");
    expect(reconfigured.status).toBe(200);
    expect(JSON.parse(reconfigured.body).headers["x-other"]).toBe("1!");

    // A filter with errors: diagnostics, and the last good build keeps serving.
    fs.writeFileSync(filter, `${fs.readFileSync(filter, "utf8")}\nconst broken: any = 1;\n`);
    await run.waitFor(/not restarted: the last good build keeps serving/);
    expect(run.output()).toMatch(/filter\.ts:\d+:\d+ - error TSE1001: type `any` turns off checking/);
    expect((await request(port, "/hello")).status).toBe(200);

    const pid = run.child.pid!;
    process.kill(-pid, "SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("tsc2envoy: stopped");
    expect(groupAlive(pid)).toBe(false);
    expect(fs.existsSync(workDir!)).toBe(false);
    await expect(request(port, "/hello")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("without --watch, a filter with errors exits 1 with its diagnostics", async () => {
    const project = scratchDir("run");
    fs.writeFileSync(path.join(project, "bad.ts"), 'import { registerHttpFilter } from "tsc2envoy";\nconst x: any = 1;\nregisterHttpFilter("bad", () => ({}));\n');
    const run = startRun(["bad.ts"], project);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("bad.ts:2:10 - error TSE1001");
  });

  it("a config the filter rejects: Envoy's log says why, and run exits 1", async () => {
    const project = scratchDir("run");
    fs.copyFileSync(path.join(templates, "filter.ts"), path.join(project, "filter.ts"));
    fs.writeFileSync(path.join(project, "bad.json"), JSON.stringify({ header: "x" }));
    const run = startRun(["filter.ts", "--config", "bad.json", "--port", "0"], project);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("rejected its filter_config: header: expected [string, string], got string");
    expect(run.output()).toContain("tsc2envoy: Envoy did not start");
  });
});
