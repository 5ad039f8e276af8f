/**
 * Port of the upstream Rust example rust/src/network_rate_limiter.rs (envoyproxy/dynamic-modules-examples):
 * a network filter that limits the connections open at once through one listener. The count is a
 * shared counter (EnvoyFilterConfig.defineSharedCounter): one atomic integer that every connection
 * on every worker thread updates. A connection over the limit gets the reject message and is closed
 * (FlushWrite); a closed connection that was counted gives its place back.
 *
 * Config (filter_config, JSON): { "max_connections": 100, "reject_message": "Too many connections" }
 * (reject_message defaults to "Connection limit exceeded"; max_connections must be at least 1).
 *
 * Differs from upstream: no Drop hook, so a connection's place is given back in onEvent (Envoy
 * calls it with RemoteClose or LocalClose for every connection it closes).
 */
import { ConnectionEvent, log, NetworkFilterStatus, registerNetworkFilter, type Counter, type EnvoyFilterConfig, type EnvoyNetworkFilter, type Gauge, type NetworkFilter, type SharedCounter } from "tsc2envoy";

interface RateLimiterConfig {
  max_connections: number;
  reject_message?: string;
}

class RateLimiter implements NetworkFilter {
  private counted = false;

  constructor(
    private readonly maxConnections: number,
    private readonly rejectMessage: string,
    private readonly active: SharedCounter,
    private readonly accepted: Counter,
    private readonly rejected: Counter,
    private readonly activeGauge: Gauge,
  ) {}

  onNewConnection(envoy: EnvoyNetworkFilter): NetworkFilterStatus {
    const now = envoy.addSharedCounter(this.active, 1);
    const from = `${envoy.getRemoteAddress() ?? "?"}:${envoy.getRemotePort() ?? 0}`;
    if (now > this.maxConnections) {
      envoy.addSharedCounter(this.active, -1);
      envoy.incrementCounter(this.rejected);
      log.warn(`Connection from ${from} rejected. Current connections: ${now - 1}, limit: ${this.maxConnections}`);
      envoy.writeText(this.rejectMessage, true);
      envoy.close();
      return NetworkFilterStatus.StopIteration;
    }
    this.counted = true;
    envoy.incrementCounter(this.accepted);
    envoy.setGauge(this.activeGauge, now);
    log.info(`Connection from ${from} accepted. Active connections: ${now}`);
    return NetworkFilterStatus.Continue;
  }

  onEvent(envoy: EnvoyNetworkFilter, event: ConnectionEvent): void {
    if (!this.counted || (event !== ConnectionEvent.RemoteClose && event !== ConnectionEvent.LocalClose)) return;
    this.counted = false;
    const now = envoy.addSharedCounter(this.active, -1);
    envoy.setGauge(this.activeGauge, Math.max(now, 0));
    log.info(`Connection closed. Active connections: ${now}`);
  }
}

registerNetworkFilter("rate_limiter", (config: RateLimiterConfig, envoy: EnvoyFilterConfig) => {
  if (!(Number.isInteger(config.max_connections) && config.max_connections > 0)) throw new Error("max_connections must be greater than 0");
  const maxConnections = config.max_connections;
  const rejectMessage = config.reject_message ?? "Connection limit exceeded";
  const active = envoy.defineSharedCounter();
  const accepted = envoy.defineCounter("rate_limiter_connections_accepted_total");
  const rejected = envoy.defineCounter("rate_limiter_connections_rejected_total");
  const activeGauge = envoy.defineGauge("rate_limiter_active_connections");
  return () => new RateLimiter(maxConnections, rejectMessage, active, accepted, rejected, activeGauge);
});
