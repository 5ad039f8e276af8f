/**
 * The module-side hooks an Envoy binary resolves when it loads an HTTP filter module, as facts kept
 * in abi/c/envoy-v<version>/hooks.json, and the means to check them against the binary itself: the
 * hook names it contains, and whether it refuses a module that lacks one.
 */
import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";

import { validateEnvoyConfig } from "../helpers/envoy.js";
import { listenerYaml, staticBootstrap } from "../helpers/envoy-config.js";

export { hookFacts, type HookFacts } from "../helpers/envoy.js";

/** The dynamic symbols a binary defines or needs (`nm -D`). */
export async function dynamicSymbols(file: string, which: "--defined-only" | "--undefined-only"): Promise<string[]> {
  const { stdout } = await execa("nm", ["-D", which, file]);
  return stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/).pop()!)
    .filter(Boolean);
}

/** Hook names (`envoy_dynamic_module_on_*`) spelled in the binary: Envoy resolves each by name. */
export function hookNamesIn(binary: string): Set<string> {
  const bytes = fs.readFileSync(binary);
  const prefix = Buffer.from("envoy_dynamic_module_on_");
  const names = new Set<string>();
  for (let at = bytes.indexOf(prefix); at >= 0; at = bytes.indexOf(prefix, at + 1)) {
    let end = at + prefix.length;
    while (end < bytes.length && /[a-z0-9_]/.test(String.fromCharCode(bytes[end]!))) end++;
    // A name is a whole C string: NUL-terminated (not a prefix of a longer message).
    if (bytes[end] === 0) names.add(bytes.toString("latin1", at, end));
  }
  return names;
}

/**
 * A module exporting every hook in `hooks` as a stub: program_init returns the ABI version and the
 * config hook a non-NULL config; nothing else is ever called by Envoy's validate mode.
 */
export async function stubModule(dir: string, name: string, hooks: string[], abiVersion: string): Promise<string> {
  const exported = '__attribute__((visibility("default")))';
  const lines = ["static int config;"];
  for (const hook of hooks) {
    if (hook === "envoy_dynamic_module_on_program_init") lines.push(`${exported} const char* ${hook}(void) { return "${abiVersion}"; }`);
    else if (hook === "envoy_dynamic_module_on_http_filter_config_new") lines.push(`${exported} void* ${hook}(void) { return &config; }`);
    else lines.push(`${exported} long ${hook}(void) { return 0; }`);
  }
  const source = path.join(dir, `${name}.c`);
  fs.writeFileSync(source, `${lines.join("\n")}\n`);
  const so = path.join(dir, `lib${name}.so`);
  await execa("cc", ["-shared", "-fPIC", "-fvisibility=hidden", "-o", so, source]);
  return so;
}

/** `envoy --mode validate` on a listener whose HTTP filter comes from module `name` in `modulesDir`. */
export async function validateWithModule(envoy: string, modulesDir: string, name: string): Promise<{ ok: boolean; log: string }> {
  return validateEnvoyConfig(envoy, staticBootstrap(1, 1, [listenerYaml("l", 1, [{ module: name, filterName: "stub" }])]), modulesDir);
}
