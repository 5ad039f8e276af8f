/**
 * Port of the upstream Rust example rust/src/listener_sni_router.rs
 * (envoyproxy/dynamic-modules-examples): a listener filter that reads the SNI of a TLS ClientHello
 * and looks it up in `domain_mappings` (exact names first, then `*.suffix` wildcards, which need a
 * subdomain). A mapped name routes: the filter sets the requested server name to the mapped value,
 * so a filter chain matching `server_names: [<that value>]` (e.g. a tcp_proxy to that cluster) takes
 * the connection. An unmapped SNI stays the requested server name; a hello without SNI gets
 * `default_server_name`; `reject_unknown` closes the socket of either instead. Counts
 * `sni_router_matches_total` and `sni_router_misses_total`. (Upstream's filter computes the route
 * but returns `Continue` from `on_accept`, so Envoy never hands it bytes; this one peeks and applies it.)
 *
 * Config (filter_config), upstream's schema, every field optional:
 *   {"default_server_name": "default.example.com",
 *    "domain_mappings": {"api.example.com": "api-cluster", "*.example.com": "wildcard-cluster"},
 *    "reject_unknown": false, "max_read_bytes": 1024}
 */
import { ListenerFilterStatus, log, registerListenerFilter, type Counter, type EnvoyFilterConfig, type EnvoyListenerFilter, type ListenerFilter } from "tsc2envoy";

interface Config {
  default_server_name?: string;
  domain_mappings?: Record<string, string>;
  reject_unknown?: boolean;
  max_read_bytes?: number;
}

const HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const SERVER_NAME = 0x0000;
const HOST_NAME = 0x00;

function u16(data: Uint8Array, at: number): number {
  return data[at]! * 256 + data[at + 1]!;
}

function hostName(ext: Uint8Array): string | undefined {
  // server_name_list length (2), name_type (1), name length (2), name
  if (ext.length < 5 || ext[2] !== HOST_NAME) return undefined;
  const length = u16(ext, 3);
  if (5 + length > ext.length) return undefined;
  return new TextDecoder().decode(ext.subarray(5, 5 + length));
}

/** The SNI of a ClientHello record (as much of it as `data` holds); undefined when it has none. */
function extractSni(data: Uint8Array): string | undefined {
  if (data.length < 43 || data[1] !== 0x03 || data[5] !== CLIENT_HELLO) return undefined;
  // record header (5), handshake header (4), client version (2), random (32)
  let at = 43;
  at += 1 + data[at]!; // session id
  if (at + 2 > data.length) return undefined;
  at += 2 + u16(data, at); // cipher suites
  if (at >= data.length) return undefined;
  at += 1 + data[at]!; // compression methods
  if (at + 2 > data.length) return undefined;
  const end = at + 2 + u16(data, at);
  at += 2;
  while (at + 4 <= end && at + 4 <= data.length) {
    const type = u16(data, at);
    const length = u16(data, at + 2);
    at += 4;
    if (at + length > data.length) break;
    if (type === SERVER_NAME) return hostName(data.subarray(at, at + length));
    at += length;
  }
  return undefined;
}

/** The mapped value of `sni`: an exact entry, else the first `*.suffix` entry it is a subdomain of. */
function lookup(mappings: Record<string, string>, sni: string): string | undefined {
  const exact = mappings[sni];
  if (exact !== undefined) return exact;
  for (const [domain, target] of Object.entries(mappings)) {
    if (!domain.startsWith("*.")) continue;
    const suffix = domain.slice(1);
    if (sni.endsWith(suffix) && sni.length > suffix.length) return target;
  }
  return undefined;
}

class SniRouter implements ListenerFilter {
  constructor(
    private readonly config: Config,
    private readonly matches: Counter,
    private readonly misses: Counter,
  ) {}

  onAccept(_envoy: EnvoyListenerFilter): ListenerFilterStatus {
    log.debug("SNI router filter activated");
    return ListenerFilterStatus.StopIteration; // peek at the ClientHello
  }

  getMaxReadBytes(_envoy: EnvoyListenerFilter): number {
    return this.config.max_read_bytes ?? 1024;
  }

  onData(envoy: EnvoyListenerFilter, dataLength: number): ListenerFilterStatus {
    if (dataLength < 6) return ListenerFilterStatus.StopIteration; // need more data
    const data = envoy.getBuffer();
    if (data[0] !== HANDSHAKE) {
      log.debug("not TLS: no routing");
      return ListenerFilterStatus.Continue;
    }
    const maxRead = this.config.max_read_bytes ?? 1024;
    // Wait for the whole record (as tls_inspector does), up to the peek limit: a hello split across
    // segments would otherwise look like one without SNI.
    if (data.length < 5 + u16(data, 3) && data.length < maxRead) return ListenerFilterStatus.StopIteration;
    const sni = extractSni(data.subarray(0, Math.min(data.length, maxRead)));
    const reject = this.config.reject_unknown ?? false;
    if (sni === undefined) {
      const fallback = this.config.default_server_name;
      envoy.incrementCounter(this.misses);
      if (fallback === undefined && reject) return this.refuse(envoy, "Missing SNI");
      if (fallback !== undefined) envoy.setRequestedServerName(fallback);
      log.info(`no SNI: default ${fallback ?? "-"}`);
      return ListenerFilterStatus.Continue;
    }
    const target = lookup(this.config.domain_mappings ?? {}, sni);
    if (target === undefined) {
      envoy.incrementCounter(this.misses);
      if (reject) return this.refuse(envoy, `Unknown SNI: ${sni}`);
      envoy.setRequestedServerName(sni);
      log.info(`no mapping for ${sni}`);
      return ListenerFilterStatus.Continue;
    }
    envoy.incrementCounter(this.matches);
    envoy.setRequestedServerName(target);
    log.info(`routed ${sni} to ${target}`);
    return ListenerFilterStatus.Continue;
  }

  private refuse(envoy: EnvoyListenerFilter, reason: string): ListenerFilterStatus {
    log.info(`rejected: ${reason}`);
    envoy.closeSocket(reason);
    return ListenerFilterStatus.StopIteration;
  }
}

registerListenerFilter("sni_router", (config: Config, envoy: EnvoyFilterConfig) => {
  const matches = envoy.defineCounter("sni_router_matches_total");
  const misses = envoy.defineCounter("sni_router_misses_total");
  return () => new SniRouter(config, matches, misses);
});
