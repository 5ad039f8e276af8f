/**
 * Modules of the other kinds (issue 11) as Envoy 1.40 sees them: a module exports the hooks of the
 * kinds it registers, every one the Envoy binary names for that kind (so Envoy resolves them all),
 * and no hook of a kind it does not register; it references only callbacks Envoy 1.40 exports.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { envoyBinary } from "../helpers/envoy.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";
import { dynamicSymbols, hookNamesIn } from "./hooks.js";

/** A kind's hooks: envoy_dynamic_module_on_<kind>_filter_* (access loggers': on_access_logger_*). */
const hookPrefix = (kind: string) => (kind === "access_logger" ? "envoy_dynamic_module_on_access_logger_" : `envoy_dynamic_module_on_${kind}_filter_`);
const kindHooks = (names: Set<string>, kind: string) => [...names].filter((name) => name.startsWith(hookPrefix(kind))).sort();

describe.each([
  { example: "echo.ts", kind: "network", other: "listener" },
  { example: "ip_allowlist.ts", kind: "listener", other: "network" },
  { example: "dns_gateway.ts", kind: "udp_listener", other: "listener" },
  { example: "json_access_logger.ts", kind: "access_logger", other: "udp_listener" },
])("$example, a $kind filter module", ({ example, kind, other }) => {
  let exported: string[];
  let referenced: string[];
  let envoyHooks: Set<string>;

  beforeAll(async () => {
    const { soPath } = await buildFilter(path.join(examplesDir, example), { outDir: scratchDir(`kinds-binary-${kind}`) });
    exported = await dynamicSymbols(soPath, "--defined-only");
    referenced = (await dynamicSymbols(soPath, "--undefined-only")).filter((s) => s.startsWith("envoy_dynamic_module_callback_"));
    envoyHooks = hookNamesIn(envoyBinary());
  });

  it(`exports every ${kind} hook Envoy 1.40 names, and no ${other} hook`, () => {
    const wanted = kindHooks(envoyHooks, kind);
    expect(wanted.length).toBeGreaterThanOrEqual(5); // UDP listener filters have 5
    expect(wanted.filter((hook) => !exported.includes(hook))).toEqual([]);
    expect(exported.filter((symbol) => symbol.startsWith(hookPrefix(other)))).toEqual([]);
  });

  it("references only callbacks Envoy 1.40 exports", async () => {
    expect(referenced.some((s) => s.startsWith(hookPrefix(kind).replace("_on_", "_callback_")))).toBe(true);
    const envoyExports = new Set(await dynamicSymbols(envoyBinary(), "--defined-only"));
    expect(referenced.filter((s) => !envoyExports.has(s))).toEqual([]);
  });
});

describe("an HTTP filter module", () => {
  it("exports no network, listener, UDP listener or access logger hook", async () => {
    const { soPath } = await buildFilter(path.join(examplesDir, "passthrough.ts"), { outDir: scratchDir("kinds-binary-http") });
    const exported = await dynamicSymbols(soPath, "--defined-only");
    expect(exported.filter((s) => /^envoy_dynamic_module_on_((network|listener|udp_listener)_filter|access_logger)_/.test(s))).toEqual([]);
  });
});
