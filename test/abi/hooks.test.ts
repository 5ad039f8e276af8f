/**
 * The hooks a module must export, checked against the real Envoy binaries rather than a copied
 * header, for every release of the matrix: the facts in abi/c/envoy-v<release>/hooks.json name
 * every HTTP hook the binary spells, and Envoy refuses a module missing exactly the ones listed as
 * required.
 */
import { beforeAll, describe, expect, it } from "vitest";

import { ENVOY_MATRIX, envoyBinary } from "../helpers/envoy.js";
import { scratchDir } from "../helpers/paths.js";
import { hookFacts, hookNamesIn, stubModule, validateWithModule } from "./hooks.js";

describe.each(ENVOY_MATRIX)("HTTP filter hooks of Envoy $release", ({ version }) => {
  const facts = hookFacts(version);
  const allHooks = [...facts.required, ...facts.optional];
  let envoy: string;
  beforeAll(() => {
    envoy = envoyBinary(version);
  });

  it("lists every HTTP filter hook the binary names, each once", () => {
    const inBinary = [...hookNamesIn(envoy)].filter((n) => n === "envoy_dynamic_module_on_program_init" || n.startsWith("envoy_dynamic_module_on_http_filter_"));
    expect(new Set(allHooks).size).toBe(allHooks.length);
    expect([...inBinary].sort()).toEqual([...allHooks].sort());
  });

  it("loads a module exporting every hook", async () => {
    const dir = scratchDir("abi-stub");
    await stubModule(dir, "stub_all", allHooks, facts.abiVersion);
    const result = await validateWithModule(envoy, dir, "stub_all");
    expect(result.log).toContain("OK");
    expect(result.ok).toBe(true);
  });

  it("refuses a module missing any required hook, and loads one missing only an optional hook", async () => {
    const dir = scratchDir("abi-stub");
    const outcomes: string[] = [];
    for (const [index, hook] of allHooks.entries()) {
      const name = `stub_${index}`;
      await stubModule(dir, name, allHooks.filter((h) => h !== hook), facts.abiVersion);
      const result = await validateWithModule(envoy, dir, name);
      const refusedForIt = !result.ok && result.log.includes(`Failed to resolve symbol ${hook}`);
      outcomes.push(`${hook}: ${result.ok ? "loaded" : refusedForIt ? "refused" : `failed otherwise: ${result.log.slice(-300)}`}`);
    }
    expect(outcomes).toEqual(allHooks.map((hook) => `${hook}: ${facts.required.includes(hook) ? "refused" : "loaded"}`));
  });
});
