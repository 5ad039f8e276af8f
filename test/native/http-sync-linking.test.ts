/**
 * Modules without async hooks link http_filter.c built with TSE_HTTP_SYNC (compiler/cc.ts,
 * VARIANT_OBJECTS): no resume path, and the hooks that only resume a suspended hook are empty.
 * Modules with async hooks link the full file.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { chooseVariants } from "../../compiler/cc.js";
import { buildFilter } from "../helpers/build.js";
import { examplesDir, filtersDir } from "../helpers/paths.js";

/** Modules are stripped: look for the resume path's own text, async_hold's failure message. */
function hasResumePath(soPath: string): boolean {
  return fs.readFileSync(soPath).includes("a second hook of this stream suspended");
}

describe("http_filter.c without the resume path", () => {
  it("is chosen by whether the module's C defines tse_module_async_ops", () => {
    const objects = ["arena.o", "http_filter.o", "http_filter_sync.o", "envoy_api.o"];
    expect(chooseVariants(objects, "static int f(void);")).toEqual(["arena.o", "http_filter_sync.o", "envoy_api.o"]);
    expect(chooseVariants(objects, "const struct tse_async_ops* tse_module_async_ops(void) { return &tse_async_ops_impl; }")).toEqual(["arena.o", "http_filter.o", "envoy_api.o"]);
  });

  it("is linked into a module without async hooks", async () => {
    const { soPath } = await buildFilter(path.join(filtersDir, "clocks.ts"));
    expect(hasResumePath(soPath)).toBe(false);
  });

  it("is not linked into a module with async hooks", async () => {
    const { soPath } = await buildFilter(path.join(examplesDir, "delay.ts"));
    expect(hasResumePath(soPath)).toBe(true);
  });
});
