/**
 * `build --manifest`: a JSON file beside the .so that tells a fleet what it ships — the module's
 * sha256 (Envoy's `remote` module source verifies it), its filters and their kinds, the Envoy
 * releases it loads in, and a JSON Schema of each filter's config. Field names follow the Built On
 * Envoy extension manifest where one fits (name, minEnvoyVersion, maxEnvoyVersion, filterType).
 */
import crypto from "node:crypto";

import { IrModule } from "../ir/index.js";
import { configSchema, perRouteConfigSchema } from "./config-schema.js";

export const MANIFEST_FORMAT = "tsc2envoy.manifest/v1";

export interface ManifestFilter {
  name: string;
  filterType: "http" | "network" | "listener" | "udp_listener" | "access_logger";
  configSchema: { [keyword: string]: unknown };
  /** The per-route config's schema (typed_per_filter_config), when the filter declares a RouteConfig. */
  perRouteConfigSchema?: { [keyword: string]: unknown };
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** What Envoy's dynamic_module_config.name says to load the module. */
  name: string;
  /** The oldest and newest Envoy releases the module is known to load in (x.y.z). */
  minEnvoyVersion: string;
  maxEnvoyVersion: string;
  filterType: ("http" | "network" | "listener" | "udp_listener" | "access_logger")[];
  /** `target`: the machine, as a target triple (x86_64-linux-gnu, aarch64-linux-gnu). */
  module: { file: string; sha256: string; size: number; envoyAbi: string; target: string };
  filters: ManifestFilter[];
  compiler: { name: "tsc2envoy"; version: string };
  /** The entry file's name (not its path, so the manifest does not depend on where it was built). */
  source: string;
}

export interface ManifestInput {
  module: IrModule;
  moduleName: string;
  soFile: string;
  bytes: Uint8Array;
  envoy: { abi: string; minVersion: string; maxVersion: string };
  target: string;
  compilerVersion: string;
  source: string;
}

export function buildManifest(input: ManifestInput): Manifest {
  return {
    format: MANIFEST_FORMAT,
    name: input.moduleName,
    minEnvoyVersion: input.envoy.minVersion,
    maxEnvoyVersion: input.envoy.maxVersion,
    filterType: [...new Set(input.module.filters.map((filter) => filter.kind ?? "http"))],
    module: { file: input.soFile, sha256: crypto.createHash("sha256").update(input.bytes).digest("hex"), size: input.bytes.length, envoyAbi: input.envoy.abi, target: input.target },
    filters: input.module.filters.map((filter) => {
      const perRoute = perRouteConfigSchema(filter);
      return { name: filter.name, filterType: filter.kind ?? "http", configSchema: configSchema(filter), ...(perRoute ? { perRouteConfigSchema: perRoute } : {}) };
    }),
    compiler: { name: "tsc2envoy", version: input.compilerVersion },
    source: input.source,
  };
}
