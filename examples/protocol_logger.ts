/**
 * Port of the upstream Rust example rust/src/network_protocol_logger.rs (envoyproxy/dynamic-modules-examples):
 * a network filter that passes every byte on and logs each connection: its addresses, the first
 * bytes each way (hex and ASCII, up to max_log_bytes), the protocol the first bytes look like (TLS,
 * HTTP, Redis, MySQL), and the byte totals when it closes (also as histograms).
 *
 * Config (filter_config, JSON, every field optional):
 *   { "log_request": true, "log_response": true, "max_log_bytes": 1024, "detect_protocol": true }
 *
 * Differs from upstream: an empty filter_config is refused (write `{}` for the defaults), the
 * connection counter counts in onNewConnection (there is no envoy handle in the factory), and the
 * detected protocol is not stored as filter state (network filters have no filter state method).
 */
import { ConnectionEvent, log, NetworkFilterStatus, registerNetworkFilter, type Counter, type EnvoyFilterConfig, type EnvoyNetworkFilter, type Histogram, type NetworkFilter } from "tsc2envoy";

interface ProtocolLoggerConfig {
  log_request?: boolean;
  log_response?: boolean;
  max_log_bytes?: number;
  detect_protocol?: boolean;
}

interface Settings {
  logRequest: boolean;
  logResponse: boolean;
  maxLogBytes: number;
  detectProtocol: boolean;
}

function startsWith(data: Uint8Array, prefix: string): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** What the first bytes of a connection look like (upstream's ProtocolDetector::detect). */
function detect(data: Uint8Array): string {
  if (data.length < 2) return "unknown";
  if (data[0] === 0x16 && data[1] === 0x03) return "tls";
  for (const method of ["GET ", "POST ", "PUT ", "DELETE ", "HEAD "]) if (startsWith(data, method)) return "http";
  if (data[0] === 0x2a && data.includes(0x0d)) return "redis";
  if (data.length >= 5 && data[4] === 0x0a) return "mysql";
  return "unknown";
}

/** `[n bytes] HEX: .. ASCII: ..`, the first maxBytes of them (upstream's format_bytes_for_logging). */
function formatBytes(data: Uint8Array, maxBytes: number): string {
  const shown = data.subarray(0, maxBytes);
  const hex: string[] = [];
  let ascii = "";
  for (const byte of shown) {
    hex.push(byte.toString(16).padStart(2, "0"));
    ascii += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : ".";
  }
  const size = data.length > maxBytes ? `${data.length} bytes, showing first ${maxBytes}` : `${data.length} bytes`;
  return `[${size}] HEX: ${hex.join(" ")} ASCII: ${ascii}`;
}

class ProtocolLogger implements NetworkFilter {
  private connection = 0;
  private protocol = "unknown";
  private requestBytes = 0;
  private responseBytes = 0;
  private requestLogged = false;
  private responseLogged = false;

  constructor(
    private readonly settings: Settings,
    private readonly connections: Counter,
    private readonly requestSizes: Histogram,
    private readonly responseSizes: Histogram,
  ) {}

  onNewConnection(envoy: EnvoyNetworkFilter): NetworkFilterStatus {
    envoy.incrementCounter(this.connections);
    this.connection = envoy.getConnectionId();
    const remote = `${envoy.getRemoteAddress() ?? ""}:${envoy.getRemotePort() ?? 0}`;
    const local = `${envoy.getLocalAddress() ?? ""}:${envoy.getLocalPort() ?? 0}`;
    log.info(`[conn=${this.connection}] New connection: remote=${remote} local=${local} ssl=${envoy.isSsl()}`);
    return NetworkFilterStatus.Continue;
  }

  onRead(envoy: EnvoyNetworkFilter, dataLength: number, endOfStream: boolean): NetworkFilterStatus {
    this.requestBytes += dataLength;
    if (this.settings.logRequest && !this.requestLogged && dataLength > 0) {
      const data = envoy.getReadBuffer();
      if (this.settings.detectProtocol && this.protocol === "unknown") {
        this.protocol = detect(data);
        log.info(`[conn=${this.connection}] Detected protocol: ${this.protocol}`);
      }
      log.info(`[conn=${this.connection}] REQUEST: ${formatBytes(data, this.settings.maxLogBytes)} end_stream=${endOfStream}`);
      this.requestLogged = true;
    }
    return NetworkFilterStatus.Continue;
  }

  onWrite(envoy: EnvoyNetworkFilter, dataLength: number, endOfStream: boolean): NetworkFilterStatus {
    this.responseBytes += dataLength;
    if (this.settings.logResponse && !this.responseLogged && dataLength > 0) {
      log.info(`[conn=${this.connection}] RESPONSE: ${formatBytes(envoy.getWriteBuffer(), this.settings.maxLogBytes)} end_stream=${endOfStream}`);
      this.responseLogged = true;
    }
    return NetworkFilterStatus.Continue;
  }

  onEvent(envoy: EnvoyNetworkFilter, event: ConnectionEvent): void {
    if (event === ConnectionEvent.Connected) log.debug(`[conn=${this.connection}] Upstream connection established`);
    if (event !== ConnectionEvent.RemoteClose && event !== ConnectionEvent.LocalClose) return;
    const by = event === ConnectionEvent.RemoteClose ? "by remote" : "locally";
    log.info(`[conn=${this.connection}] Connection closed ${by}. protocol=${this.protocol} request_bytes=${this.requestBytes} response_bytes=${this.responseBytes}`);
    envoy.recordHistogramValue(this.requestSizes, this.requestBytes);
    envoy.recordHistogramValue(this.responseSizes, this.responseBytes);
  }
}

registerNetworkFilter("protocol_logger", (config: ProtocolLoggerConfig, envoy: EnvoyFilterConfig) => {
  const maxLogBytes = config.max_log_bytes ?? 1024;
  if (!(Number.isInteger(maxLogBytes) && maxLogBytes >= 0)) throw new Error("max_log_bytes must be a non-negative integer");
  const settings: Settings = {
    logRequest: config.log_request ?? true,
    logResponse: config.log_response ?? true,
    maxLogBytes,
    detectProtocol: config.detect_protocol ?? true,
  };
  const connections = envoy.defineCounter("protocol_logger_connections_total");
  const requestSizes = envoy.defineHistogram("protocol_logger_request_bytes");
  const responseSizes = envoy.defineHistogram("protocol_logger_response_bytes");
  return () => new ProtocolLogger(settings, connections, requestSizes, responseSizes);
});
