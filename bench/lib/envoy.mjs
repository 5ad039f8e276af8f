import { execFileSync } from "node:child_process";
import path from "node:path";

import { repoRoot } from "./modules.mjs";

/** The Envoy the benchmarks run: ENVOY_BIN, or the tests' (.venv-envoy from test/envoy/install.sh). */
export function envoyBinary() {
  if (process.env.ENVOY_BIN) return process.env.ENVOY_BIN;
  return execFileSync("bash", [path.join(repoRoot, "test", "envoy", "install.sh")], { encoding: "utf8" }).trim().split("\n").pop();
}
