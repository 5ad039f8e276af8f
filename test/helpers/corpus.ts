/**
 * The differential corpus: programs in topic folders under test/differential/corpus
 * (`strings/split_limits.ts`); `lib/` holds the modules they import, not programs.
 */
import fs from "node:fs";
import path from "node:path";

import { repoRoot } from "./paths.js";

export const corpusDir = path.join(repoRoot, "test", "differential", "corpus");

/** Every program as its topic path (`arrays/push_pop.ts`, "/"-separated), sorted. */
export function corpusPrograms(dir = corpusDir): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((entry) => entry.split(path.sep).join("/"))
    .filter((entry) => entry.endsWith(".ts") && !entry.startsWith("lib/"))
    .sort();
}

/** The file of a program named by its topic path, with or without `.ts`. */
export function corpusProgram(topicPath: string): string {
  return path.join(corpusDir, ...`${topicPath.replace(/\.ts$/, "")}.ts`.split("/"));
}
