/**
 * runtime-c/date.c is linked only into modules that use Date beyond Date.now() (compiler/cc.ts,
 * ON_DEMAND_SOURCES): a module reading only the clock has none of its code.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { onDemandUnused } from "../../compiler/cc.js";
import { buildFilter } from "../helpers/build.js";
import { corpusDir } from "../helpers/corpus.js";
import { filtersDir } from "../helpers/paths.js";

function symbols(soPath: string): string {
  return execFileSync("nm", [soPath], { encoding: "utf8" });
}

describe("date.c on demand", () => {
  it("is absent from a module that only reads Date.now()", async () => {
    const { soPath } = await buildFilter(path.join(filtersDir, "clocks.ts"));
    const names = symbols(soPath);
    expect(names).toMatch(/\btse_date_now\b/);
    expect(names).not.toMatch(/\btse_date_parse\b|\btse_type_date\b/);
  });

  it("is left out of the link by what the module's C calls", () => {
    expect(onDemandUnused("double t = tse_date_now();").has("date.o")).toBe(true);
    expect(onDemandUnused("tse_date* d = tse_date_new(ctx, 0);").has("date.o")).toBe(false);
    expect(onDemandUnused("tse_to_string(ctx, &v, &tse_type_date);").has("date.o")).toBe(false);
  });

  it("is linked into a module that makes Dates", async () => {
    const { soPath } = await buildFilter(path.join(corpusDir, "time", "dates.ts"));
    expect(symbols(soPath)).toMatch(/\btse_date_new\b/);
  });
});
