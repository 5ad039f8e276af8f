/**
 * Port of the upstream Rust example rust/src/http_metrics.rs (envoyproxy/dynamic-modules-examples):
 * records each request's latency in the histogram `route_latency_ms`, tagged with the configured
 * `version` and the route's name. The histogram is defined once per filter config, in the config
 * stage; streams record into it through the handle.
 *
 * Config (filter_config): {"version": "v1.0.0"}.
 *
 * Latency, recorded when the stream completes: the upstream's latency as Envoy measured it
 * (`ResponseBackendLatency`, first byte sent upstream to last byte received; Envoy 1.40), else the
 * time since the request headers by the filter's monotonic clock (`performance.now()`, as upstream's
 * `Instant`): local replies, and modules built for Envoy 1.38 and 1.39.
 *
 *   npx tsc2envoy run examples/metrics.ts --config <(echo '{"version": "v1.0.0"}')
 *   curl http://127.0.0.1:10000/ && curl -s http://127.0.0.1:9901/stats/prometheus | grep route_latency
 */
import { AttributeId, registerHttpFilter, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type Histogram, type HttpFilter } from "tsc2envoy";

interface Config {
  version: string;
}

class Metrics implements HttpFilter {
  private routeName: string | undefined;
  private start = 0;

  constructor(
    private readonly version: string,
    private readonly routeLatency: Histogram,
  ) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    this.start = performance.now();
    this.routeName = envoy.getAttributeString(AttributeId.XdsRouteName) ?? "";
    return RequestHeadersStatus.Continue;
  }

  // The response is complete here, whether or not it had a body (no body hook needed).
  onStreamComplete(envoy: EnvoyHttpFilter): void {
    const routeName = this.routeName;
    if (routeName === undefined) return; // no request headers: nothing to time
    const milliseconds = envoy.getAttributeTime(AttributeId.ResponseBackendLatency) ?? performance.now() - this.start;
    envoy.recordHistogramValue(this.routeLatency, Math.floor(milliseconds), [this.version, routeName]);
  }
}

registerHttpFilter("metrics", (config: Config, envoy: EnvoyFilterConfig) => {
  const routeLatency = envoy.defineHistogram("route_latency_ms", ["version", "route_name"]);
  const version = config.version;
  return () => new Metrics(version, routeLatency);
});
