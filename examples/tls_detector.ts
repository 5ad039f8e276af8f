/**
 * Port of the upstream Rust example rust/src/listener_tls_detector.rs
 * (envoyproxy/dynamic-modules-examples): a listener filter that peeks at a connection's first bytes
 * and tells TLS from anything else, as Envoy's tls_inspector does: for a TLS ClientHello it sets the
 * detected transport protocol "tls", the requested server name (SNI) and the application protocols
 * (ALPN), so filter chains can match on `transport_protocol`, `server_names` and
 * `application_protocols`; otherwise "raw_buffer". Counts `tls_detector_tls_connections_total` and
 * `tls_detector_non_tls_connections_total`. (Upstream's filter parses but never peeks; this one does.)
 *
 * Config (filter_config), upstream's schema, every field optional:
 *   {"min_bytes": 5, "max_bytes": 1024, "extract_sni": true, "extract_alpn": true}
 */
import { ListenerFilterStatus, log, registerListenerFilter, type Counter, type EnvoyFilterConfig, type EnvoyListenerFilter, type ListenerFilter } from "tsc2envoy";

interface Config {
  min_bytes?: number;
  max_bytes?: number;
  extract_sni?: boolean;
  extract_alpn?: boolean;
}

const HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const SERVER_NAME = 0x0000;
const ALPN = 0x0010;

interface Hello {
  sni: string | undefined;
  alpn: string[];
}

function u16(data: Uint8Array, at: number): number {
  return data[at]! * 256 + data[at + 1]!;
}

function serverName(ext: Uint8Array): string | undefined {
  // server_name_list length (2), name_type (1, host_name = 0), name length (2), name
  if (ext.length < 5 || ext[2] !== 0) return undefined;
  const length = u16(ext, 3);
  if (5 + length > ext.length) return undefined;
  return new TextDecoder().decode(ext.subarray(5, 5 + length));
}

function protocols(ext: Uint8Array): string[] {
  const names: string[] = [];
  for (let at = 2; at < ext.length; ) {
    const length = ext[at]!;
    at += 1;
    if (at + length > ext.length) break;
    names.push(new TextDecoder().decode(ext.subarray(at, at + length)));
    at += length;
  }
  return names;
}

/** The SNI and ALPN of a ClientHello record (as much of it as `data` holds). */
function parseClientHello(data: Uint8Array, extractSni: boolean, extractAlpn: boolean): Hello {
  const hello: Hello = { sni: undefined, alpn: [] };
  if (data.length < 43) return hello;
  // record header (5), handshake header (4), client version (2), random (32)
  let at = 43;
  at += 1 + data[at]!; // session id
  if (at + 2 > data.length) return hello;
  at += 2 + u16(data, at); // cipher suites
  if (at >= data.length) return hello;
  at += 1 + data[at]!; // compression methods
  if (at + 2 > data.length) return hello;
  const end = at + 2 + u16(data, at);
  at += 2;
  while (at + 4 <= end && at + 4 <= data.length) {
    const type = u16(data, at);
    const length = u16(data, at + 2);
    at += 4;
    if (at + length > data.length) break;
    const ext = data.subarray(at, at + length);
    if (type === SERVER_NAME && extractSni) hello.sni = serverName(ext);
    if (type === ALPN && extractAlpn) hello.alpn = protocols(ext);
    at += length;
  }
  return hello;
}

class TlsDetector implements ListenerFilter {
  constructor(
    private readonly config: Config,
    private readonly tls: Counter,
    private readonly nonTls: Counter,
  ) {}

  onAccept(_envoy: EnvoyListenerFilter): ListenerFilterStatus {
    log.debug("TLS detector filter activated");
    return ListenerFilterStatus.StopIteration; // peek at the first bytes
  }

  getMaxReadBytes(_envoy: EnvoyListenerFilter): number {
    return this.config.max_bytes ?? 1024;
  }

  onData(envoy: EnvoyListenerFilter, dataLength: number): ListenerFilterStatus {
    const data = envoy.getBuffer();
    if (dataLength < (this.config.min_bytes ?? 5)) return ListenerFilterStatus.StopIteration;
    if (data.length < 6 || data[0] !== HANDSHAKE || data[1] !== 0x03 || data[2]! > 0x03) {
      envoy.setDetectedTransportProtocol("raw_buffer");
      envoy.incrementCounter(this.nonTls);
      log.debug(`not TLS (${dataLength} bytes)`);
      return ListenerFilterStatus.Continue;
    }
    envoy.setDetectedTransportProtocol("tls");
    envoy.incrementCounter(this.tls);
    if (data[5] !== CLIENT_HELLO) return ListenerFilterStatus.Continue;
    const hello = parseClientHello(data, this.config.extract_sni ?? true, this.config.extract_alpn ?? true);
    if (hello.sni !== undefined) envoy.setRequestedServerName(hello.sni);
    if (hello.alpn.length > 0) envoy.setRequestedApplicationProtocols(hello.alpn);
    log.info(`TLS connection: sni=${hello.sni ?? "-"} alpn=[${hello.alpn.join(",")}]`);
    return ListenerFilterStatus.Continue;
  }
}

registerListenerFilter("tls_detector", (config: Config, envoy: EnvoyFilterConfig) => {
  const tls = envoy.defineCounter("tls_detector_tls_connections_total");
  const nonTls = envoy.defineCounter("tls_detector_non_tls_connections_total");
  return () => new TlsDetector(config, tls, nonTls);
});
