/**
 * Port of the upstream Rust example rust/src/network_echo.rs (envoyproxy/dynamic-modules-examples):
 * a network filter that writes every byte a client sends straight back to it, after the configured
 * prefix, and counts the bytes echoed (`echo_bytes_total`) and the open connections
 * (`echo_active_connections`). Nothing goes upstream: onRead drains the read buffer and stops.
 *
 * Config (filter_config): the prefix, as a raw string (e.g. "ECHO: "); empty: none.
 *
 *   filter: envoy.filters.network.dynamic_modules, filter_name "echo", then `nc 127.0.0.1 10000`
 */
import { ConnectionEvent, log, NetworkFilterStatus, registerNetworkFilter, type Counter, type EnvoyFilterConfig, type EnvoyNetworkFilter, type Gauge, type NetworkFilter } from "tsc2envoy";

class Echo implements NetworkFilter {
  private totalBytes = 0;

  constructor(
    private readonly prefix: Uint8Array,
    private readonly bytesEchoed: Counter,
    private readonly activeConnections: Gauge,
  ) {}

  onNewConnection(envoy: EnvoyNetworkFilter): NetworkFilterStatus {
    envoy.increaseGauge(this.activeConnections, 1);
    log.info(`New echo connection from ${envoy.getRemoteAddress() ?? "?"}:${envoy.getRemotePort() ?? 0}`);
    return NetworkFilterStatus.Continue;
  }

  onRead(envoy: EnvoyNetworkFilter, dataLength: number, _endOfStream: boolean): NetworkFilterStatus {
    if (dataLength === 0) return NetworkFilterStatus.Continue;
    // A copy: draining the buffer detaches the view.
    const data = envoy.getReadBuffer().slice();
    envoy.drainReadBuffer(data.length);
    const response = new Uint8Array(this.prefix.length + data.length);
    response.set(this.prefix, 0);
    response.set(data, this.prefix.length);
    this.totalBytes += response.length;
    envoy.incrementCounter(this.bytesEchoed, response.length);
    envoy.write(response, false);
    return NetworkFilterStatus.StopIteration;
  }

  onEvent(envoy: EnvoyNetworkFilter, event: ConnectionEvent): void {
    if (event === ConnectionEvent.RemoteClose || event === ConnectionEvent.LocalClose) {
      envoy.decreaseGauge(this.activeConnections, 1);
      log.info(`Echo connection closed. Total bytes echoed: ${this.totalBytes}`);
    } else if (event === ConnectionEvent.Connected) {
      log.debug("Echo connection established");
    }
  }
}

registerNetworkFilter("echo", (prefix: string, envoy: EnvoyFilterConfig) => {
  const bytesEchoed = envoy.defineCounter("echo_bytes_total");
  const activeConnections = envoy.defineGauge("echo_active_connections");
  // Each connection encodes the prefix: what the factory captures is frozen, and bytes cannot be.
  return () => new Echo(new TextEncoder().encode(prefix), bytesEchoed, activeConnections);
});
