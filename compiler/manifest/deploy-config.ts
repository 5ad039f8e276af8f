/**
 * `tsc2envoy deploy-config`: what a fleet writes to load a built module, generated from its
 * manifest — the Envoy HTTP filter entry (module fetched from a URL and checked against the
 * manifest's sha256, or found by name on the proxy), or Envoy Gateway's resources: an `EnvoyProxy`
 * that allows the module and an `EnvoyExtensionPolicy` that attaches one of its filters.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { stringify } from "yaml";

import { UsageError } from "../diagnostics.js";
import { Manifest, MANIFEST_FORMAT, ManifestFilter } from "./manifest.js";

export interface DeployOptions {
  /** Which of the module's filters; may be left out when it has one. */
  filter?: string;
  /** The filter's config (parsed JSON, or the raw string of a string-typed config). */
  config?: unknown;
  /** Where proxies fetch the .so from (http or https); without it the module is loaded by name or path. */
  url?: string;
  /** Envoy Gateway: the module's absolute path on the proxy, when not fetched from `url`. */
  path?: string;
  /** Envoy Gateway: the Gateway the policy attaches to, and the resources' namespace. */
  gateway?: string;
  namespace?: string;
  /** Envoy: the cluster that reaches `url` (Envoy fetches remote modules through a cluster). */
  cluster?: string;
}

const FILTER_TYPE_URL = "type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter";
/** Envoy Gateway's names: lowercase DNS subdomain (api/v1alpha1/dynamic_module_types.go). */
const GATEWAY_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

/** Reads a manifest written by `build --manifest`; anything else is a usage error, not a crash. */
export function parseManifest(text: string, file: string): Manifest {
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(text) as Partial<Manifest>;
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.filters) || typeof manifest.module?.sha256 !== "string") {
    throw new UsageError(`${file} is not a manifest written by tsc2envoy build --manifest (format ${MANIFEST_FORMAT})`);
  }
  return manifest as Manifest;
}

function chosenFilter(manifest: Manifest, name: string | undefined): ManifestFilter {
  const names = manifest.filters.map((f) => f.name).join(", ");
  if (name === undefined) {
    if (manifest.filters.length !== 1) throw new UsageError(`module ${manifest.name} has several filters (${names}): pick one with --filter`);
    return httpOnly(manifest.filters[0]!);
  }
  const found = manifest.filters.find((f) => f.name === name);
  if (!found) throw new UsageError(`module ${manifest.name} has no filter '${name}'; it has: ${names}`);
  return httpOnly(found);
}

/** Both outputs configure HTTP filters; a network or listener filter (issue 11) goes in a listener by hand (docs/api.md). */
function httpOnly(filter: ManifestFilter): ManifestFilter {
  if (filter.filterType !== "http") throw new UsageError(`deploy-config writes HTTP filter entries; '${filter.name}' is a ${filter.filterType} filter (see docs/api.md for its Envoy config)`);
  return filter;
}

/** The config checked against the filter's schema here, so a typo is found before a proxy refuses it. */
function checkedConfig(filter: ManifestFilter, config: unknown): unknown {
  if (config === undefined) return undefined;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(filter.configSchema);
  if (!validate(config)) {
    const problems = (validate.errors ?? []).map((e) => `  ${e.instancePath || "(the config)"}: ${e.message ?? "invalid"}`).join("\n");
    throw new UsageError(`the config does not match filter ${filter.name}'s config type:\n${problems}`);
  }
  return config;
}

function configText(config: unknown): string {
  return typeof config === "string" ? config : JSON.stringify(config);
}

/** The http_filters entry of Envoy's HTTP connection manager. */
export function envoyFilterConfig(manifest: Manifest, options: DeployOptions): string {
  const filter = chosenFilter(manifest, options.filter);
  const config = checkedConfig(filter, options.config);
  const module = options.url
    ? { module: { remote: { http_uri: { uri: options.url, cluster: options.cluster ?? "module_server", timeout: "10s" }, sha256: manifest.module.sha256 } } }
    : { name: manifest.name };
  const entry = {
    name: filter.name,
    typed_config: {
      "@type": FILTER_TYPE_URL,
      dynamic_module_config: module,
      filter_name: filter.name,
      ...(config === undefined ? {} : { filter_config: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: configText(config) } }),
    },
  };
  const header = `# ${manifest.module.file} (sha256 ${manifest.module.sha256}), Envoy ${manifest.minEnvoyVersion} to ${manifest.maxEnvoyVersion}\n`;
  return header + stringify([entry], { lineWidth: 0 });
}

function gatewayName(name: string, what: string): string {
  const converted = name.toLowerCase().replace(/_/g, "-");
  if (!GATEWAY_NAME.test(converted)) throw new UsageError(`${what} '${name}' cannot be an Envoy Gateway name (lowercase letters, digits, '.' and '-')`);
  return converted;
}

/** Envoy Gateway: the EnvoyProxy allow-list entry and the EnvoyExtensionPolicy, as one YAML stream. */
export function gatewayResources(manifest: Manifest, options: DeployOptions): string {
  const filter = chosenFilter(manifest, options.filter);
  const config = checkedConfig(filter, options.config);
  if (!options.url && !options.path) throw new UsageError("Envoy Gateway needs where the module is: --url (fetched, checked against the sha256) or --path (on the proxy's disk)");
  if (options.path && !options.path.startsWith("/")) throw new UsageError(`--path must be absolute on the proxy, got ${options.path}`);
  const moduleName = gatewayName(manifest.name, "module name");
  const gateway = options.gateway ?? "eg";
  const metadata = (name: string) => ({ name, ...(options.namespace ? { namespace: options.namespace } : {}) });
  const source = options.url ? { type: "Remote", remote: { url: options.url, sha256: manifest.module.sha256 } } : { type: "Local", local: { path: options.path } };
  const proxy = {
    apiVersion: "gateway.envoyproxy.io/v1alpha1",
    kind: "EnvoyProxy",
    metadata: metadata(`${moduleName}-proxy`),
    spec: { dynamicModules: [{ name: moduleName, source }] },
  };
  const policy = {
    apiVersion: "gateway.envoyproxy.io/v1alpha1",
    kind: "EnvoyExtensionPolicy",
    metadata: metadata(gatewayName(`${manifest.name}-${filter.name}`, "policy name")),
    spec: {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: gateway }],
      dynamicModule: [{ name: moduleName, filterName: filter.name, ...(config === undefined ? {} : { config }) }],
    },
  };
  const header = `# ${manifest.module.file} (sha256 ${manifest.module.sha256}), Envoy ${manifest.minEnvoyVersion} to ${manifest.maxEnvoyVersion}\n# Merge spec.dynamicModules into the EnvoyProxy your GatewayClass or Gateway uses (parametersRef / infrastructure).\n`;
  return header + [proxy, policy].map((doc) => stringify(doc, { lineWidth: 0 })).join("---\n");
}
