/**
 * runtime-c/date.c is linked only into modules that use Date beyond Date.now() (compiler/cc.ts,
 * ON_DEMAND_SOURCES): a module reading only the clock has none of its code.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { onDemandUnused } from "../../compiler/cc.js";
import { buildFilter } from "../helpers/build.js";
import { corpusDir } from "../helpers/corpus.js";
import { filtersDir } from "../helpers/paths.js";

/** Modules are stripped (compiler/cc.ts sizeFlags), so look for date.c's own text: its RangeError message. */
function hasDateCode(soPath: string): boolean {
  return fs.readFileSync(soPath).includes("Invalid time value");
}

describe("date.c on demand", () => {
  it("is absent from a module that only reads Date.now()", async () => {
    const { soPath } = await buildFilter(path.join(filtersDir, "clocks.ts"));
    expect(hasDateCode(soPath)).toBe(false);
  });

  it("is left out of the link by what the module's C calls", () => {
    expect(onDemandUnused("double t = tse_date_now();").has("date.o")).toBe(true);
    expect(onDemandUnused("tse_date* d = tse_date_new(ctx, 0);").has("date.o")).toBe(false);
    expect(onDemandUnused("tse_to_string(ctx, &v, &tse_type_date);").has("date.o")).toBe(false);
  });

  it("is linked into a module that makes Dates", async () => {
    const { soPath } = await buildFilter(path.join(corpusDir, "time", "dates.ts"));
    expect(hasDateCode(soPath)).toBe(true);
  });
});
