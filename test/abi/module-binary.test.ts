/**
 * What a built lib<name>.so looks like from outside: the ABI hooks exported and nothing else,
 * only libc/libm needed, only callbacks referenced that the real Envoy of the release it is built
 * for exports (Envoy loads modules with RTLD_NOW), and byte-identical output for identical input.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";

import { buildFilter } from "../helpers/build.js";
import { ENVOY_MATRIX, envoyBinary } from "../helpers/envoy.js";
import { examplesDir, scratchDir } from "../helpers/paths.js";
import { dynamicSymbols, hookFacts } from "./hooks.js";


const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("lib<name>.so as Envoy sees it", () => {
  let soPath: string;

  beforeAll(async () => {
    soPath = (await buildFilter(path.join(examplesDir, "header_mutation.ts"))).soPath;
  });

  it("is named after the entry file", () => {
    expect(path.basename(soPath)).toBe("libheader_mutation.so");
  });

  it("exports program_init and every HTTP hook Envoy requires, and nothing else", async () => {
    const exported = (await dynamicSymbols(soPath, "--defined-only")).filter((s) => !s.startsWith("_"));
    const { required, optional } = hookFacts();
    expect(required).toContain("envoy_dynamic_module_on_program_init");
    for (const hook of required) expect(exported).toContain(hook);
    // Anything else exported would be a hook Envoy does not know, or a leaked runtime symbol.
    expect(exported.filter((s) => !required.includes(s) && !optional.includes(s))).toEqual([]);
  });

  it.each(ENVOY_MATRIX)("built for $version, references only callbacks the Envoy $release binary exports", async ({ version }) => {
    const built = (await buildFilter(path.join(examplesDir, "header_mutation.ts"), { envoyVersion: version, outDir: scratchDir(`for-${version}`) })).soPath;
    const referenced = (await dynamicSymbols(built, "--undefined-only")).filter((s) => s.startsWith("envoy_dynamic_module_callback_"));
    expect(referenced.length).toBeGreaterThan(5);
    const envoyExports = new Set(await dynamicSymbols(envoyBinary(version), "--defined-only"));
    expect(referenced.filter((s) => !envoyExports.has(s))).toEqual([]);
  });

  it("needs only libc and libm", async () => {
    const { stdout } = await execa("ldd", [soPath]);
    const libraries = stdout
      .split("\n")
      .map((line) => line.trim().split(/\s+/)[0]!)
      .filter((name) => name && !name.startsWith("linux-vdso") && !name.includes("ld-linux"));
    expect(libraries.sort()).toEqual(["libc.so.6", "libm.so.6"]);
  });

  it("is reproducible: the same source builds to the same bytes, wherever it is built", async () => {
    // A fresh object cache: a cold build must equal the warm one.
    const previous = process.env.TSC2ENVOY_CACHE_DIR;
    process.env.TSC2ENVOY_CACHE_DIR = scratchDir("cold-cache");
    const again = await buildFilter(path.join(examplesDir, "header_mutation.ts")).finally(() => {
      if (previous === undefined) delete process.env.TSC2ENVOY_CACHE_DIR;
      else process.env.TSC2ENVOY_CACHE_DIR = previous;
    });
    expect(again.soPath).not.toBe(soPath);
    expect(sha256(again.soPath)).toBe(sha256(soPath));
  });
});
