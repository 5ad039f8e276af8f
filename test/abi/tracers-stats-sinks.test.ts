/**
 * Tracer and stats sink modules (issue 11) as Envoy 1.40 sees them: they export every tracer or
 * stat_sink hook the binary spells (Envoy resolves them by name) and only hooks it spells, and
 * reference only callbacks the 1.40 binary exports (Envoy loads modules with RTLD_NOW).
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { envoyBinary } from "../helpers/envoy.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";
import { dynamicSymbols, hookNamesIn } from "./hooks.js";

describe.each([
  { example: "w3c_tracer.ts", kind: "tracer" },
  { example: "line_protocol_sink.ts", kind: "stat_sink" },
])("a module registering a $kind ($example)", ({ example, kind }) => {
  let soPath: string;
  let spelled: Set<string>;

  beforeAll(async () => {
    soPath = (await buildFilter(path.join(examplesDir, example), { outDir: scratchDir(`abi-${kind}`) })).soPath;
    spelled = hookNamesIn(envoyBinary());
  });

  it(`exports every envoy_dynamic_module_on_${kind}_* hook Envoy 1.40 spells, and no hook it does not`, async () => {
    const exported = (await dynamicSymbols(soPath, "--defined-only")).filter((s) => s.startsWith("envoy_dynamic_module_on_"));
    const kindHooks = [...spelled].filter((hook) => hook.startsWith(`envoy_dynamic_module_on_${kind}_`));
    expect(kindHooks.length).toBeGreaterThan(3);
    for (const hook of kindHooks) expect(exported).toContain(hook);
    expect(exported.filter((hook) => !spelled.has(hook))).toEqual([]);
    // Only the kind it registers: no network or listener hooks linked in.
    expect(exported.filter((hook) => /_on_(network|listener)_filter_/.test(hook))).toEqual([]);
  });

  it("references only callbacks the Envoy 1.40 binary exports", async () => {
    const available = new Set(await dynamicSymbols(envoyBinary(), "--defined-only"));
    const needed = (await dynamicSymbols(soPath, "--undefined-only")).filter((s) => s.startsWith("envoy_dynamic_module_callback_"));
    expect(needed.some((s) => s.includes(`_callback_${kind === "tracer" ? "tracer" : "stat_sink"}_`))).toBe(true);
    expect(needed.filter((s) => !available.has(s))).toEqual([]);
  });
});
