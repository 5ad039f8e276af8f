/**
 * Deploying new versions of a filter to a running Envoy 1.40. Envoy loads a module by the path
 * lib<name>.so under its search path, and a path already loaded is reused (dlopen RTLD_NOLOAD), so:
 * rebuilding onto a loaded path must not touch the mapped file (the build renames a new file over
 * it), and a new version is served only under a new name (--content-name) that a listener update
 * points at, while requests in flight finish on the old version.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { build } from "../../compiler/driver.js";
import { EnvoyInstance, startEnvoy, untilEveryWorker } from "../helpers/envoy.js";
import { ldsBootstrap, ldsResources, listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";
import { freePort, request } from "../helpers/net.js";
import { scratchDir } from "../helpers/paths.js";

const root = scratchDir("deploy");

/** The source of one version of a filter that says which version answered, at response time. */
function versionedFilter(version: string): string {
  const file = path.join(fs.mkdtempSync(path.join(root, "src-")), "versioned.ts");
  fs.writeFileSync(
    file,
    `import { registerHttpFilter, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Versioned implements HttpFilter {
  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-version", "${version}");
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("versioned", () => new Versioned());
`,
  );
  return file;
}

/** An upstream that answers at once, except /hold, which waits until `release()`. */
async function startHoldingUpstream() {
  const held: http.ServerResponse[] = [];
  let arrived: () => void = () => {};
  const server = http.createServer((req, res) => {
    if (req.url === "/hold") {
      held.push(res);
      arrived();
    } else {
      res.end("ok");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    /** Resolves once a /hold request has reached the upstream. */
    holding: () => new Promise<void>((resolve) => (held.length > 0 ? resolve() : (arrived = resolve))),
    release: () => held.splice(0).forEach((res) => res.end("released")),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function versionAt(port: number, urlPath = "/"): Promise<string | undefined> {
  const response = await request(port, urlPath);
  expect(response.status).toBe(200);
  return response.headers["x-version"] as string | undefined;
}

async function waitFor(condition: () => Promise<boolean>, what: string, envoy: EnvoyInstance): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} never happened; Envoy log:\n${envoy.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("deploying new versions of a filter in Envoy", () => {
  let upstream: Awaited<ReturnType<typeof startHoldingUpstream>>;
  let envoy: EnvoyInstance | undefined;

  beforeAll(async () => {
    upstream = await startHoldingUpstream();
  });
  afterEach(async () => {
    upstream.release();
    await envoy?.stop();
    envoy = undefined;
  });
  afterAll(async () => {
    await upstream?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("rebuilding a loaded module onto its path leaves Envoy serving the loaded code, without a crash", async () => {
    const modulesDir = fs.mkdtempSync(path.join(root, "modules-"));
    const first = await build(versionedFilter("one"), { outDir: modulesDir, name: "versioned" });
    const port = await freePort();
    envoy = await startEnvoy({
      modulesDir,
      config: (adminPort) => staticBootstrap(adminPort, upstream.port, [listenerYaml("main", port, [{ module: "versioned", filterName: "versioned" }])]),
    });
    expect(await versionAt(port)).toBe("one");

    const before = fs.readFileSync(first.soPath);
    await build(versionedFilter("two"), { outDir: modulesDir, name: "versioned" });
    expect(fs.readFileSync(first.soPath).equals(before)).toBe(false);

    for (let i = 0; i < 5; i++) expect(await versionAt(port)).toBe("one");
    expect(envoy.alive()).toBe(true);
    expect(envoy.logs()).not.toMatch(/Caught (Segmentation fault|Bus error)/);
  });

  describe("through listener updates (LDS)", () => {
    let modulesDir: string;
    let ldsDir: string;
    let port: number;

    function pointListenerAt(module: string): void {
      const temporary = path.join(ldsDir, ".lds.yaml");
      fs.writeFileSync(temporary, ldsResources([listenerYaml("main", port, [{ module, filterName: "versioned" }])]));
      fs.renameSync(temporary, path.join(ldsDir, "lds.yaml"));
    }

    async function requestsCounted(statPrefix: string): Promise<number> {
      return (await envoy!.stats()).get(`http.${statPrefix}.downstream_rq_total`) ?? 0;
    }

    async function startWith(module: string): Promise<void> {
      pointListenerAt(module);
      envoy = await startEnvoy({ modulesDir, config: (adminPort) => ldsBootstrap(adminPort, upstream.port, ldsDir) });
      await waitFor(async () => (await request(port, "/")).status === 200, "the listener serving", envoy);
    }

    beforeAll(async () => {
      port = await freePort();
    });

    it("serves a new version under a new name (--content-name) while requests in flight finish on the old one", async () => {
      modulesDir = fs.mkdtempSync(path.join(root, "modules-"));
      ldsDir = fs.mkdtempSync(path.join(root, "lds-"));
      const one = await build(versionedFilter("one"), { outDir: modulesDir, contentName: true });
      expect(one.moduleName).toMatch(/^versioned-[0-9a-f]{8}$/);
      expect(path.basename(one.soPath)).toBe(`lib${one.moduleName}.so`);
      await startWith(one.moduleName);
      expect(await versionAt(port)).toBe("one");

      const inFlight = request(port, "/hold");
      await upstream.holding();

      const two = await build(versionedFilter("two"), { outDir: modulesDir, contentName: true });
      expect(two.moduleName).not.toBe(one.moduleName);
      expect(fs.existsSync(one.soPath)).toBe(true);
      pointListenerAt(two.moduleName);
      await untilEveryWorker(envoy!, "version two serving", async () => (await versionAt(port)) === "two");

      upstream.release();
      const held = await inFlight;
      expect(held.body).toBe("released");
      expect(held.headers["x-version"]).toBe("one");
      expect(await versionAt(port)).toBe("two");
      expect(envoy!.alive()).toBe(true);
    });

    it("an update naming a module already loaded keeps its old code even when the file was rebuilt (why versions need new names)", async () => {
      modulesDir = fs.mkdtempSync(path.join(root, "modules-"));
      ldsDir = fs.mkdtempSync(path.join(root, "lds-"));
      await build(versionedFilter("one"), { outDir: modulesDir, name: "versioned" });
      await startWith("versioned");
      expect(await versionAt(port)).toBe("one");

      // Keep the loaded listener's module in use, as a real deployment would during the update.
      const inFlight = request(port, "/hold");
      await upstream.holding();
      await build(versionedFilter("two"), { outDir: modulesDir, name: "versioned" });
      // The same listener under another stat prefix: requests counted there ran the new config.
      const temporary = path.join(ldsDir, ".lds.yaml");
      fs.writeFileSync(temporary, ldsResources([listenerYaml("main", port, [{ module: "versioned", filterName: "versioned" }]).replace("stat_prefix: main", "stat_prefix: main_v2")]));
      fs.renameSync(temporary, path.join(ldsDir, "lds.yaml"));
      await untilEveryWorker(envoy!, "the updated listener counting", async () => {
        const before = await requestsCounted("main_v2");
        return (await request(port, "/")).status === 200 && (await requestsCounted("main_v2")) === before + 1;
      });

      const counted = await requestsCounted("main_v2");
      expect(await versionAt(port)).toBe("one");
      expect(await requestsCounted("main_v2")).toBe(counted + 1);
      upstream.release();
      expect((await inFlight).headers["x-version"]).toBe("one");
    });
  });
});
