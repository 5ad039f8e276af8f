/** Builds filters through the real pipeline (driver: frontend to lib<name>.so). */
import path from "node:path";

import { build, BuildOptions } from "../../compiler/driver.js";
import { scratchDir } from "./paths.js";

export async function buildFilter(entry: string, options: Partial<BuildOptions> = {}): Promise<{ soPath: string; dir: string }> {
  const dir = options.outDir ?? scratchDir(path.basename(entry, ".ts"));
  const result = await build(entry, { outDir: dir, ...options });
  return { soPath: result.soPath, dir: path.dirname(result.soPath) };
}
