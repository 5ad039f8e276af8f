/**
 * Port of the upstream Rust example rust/src/http_metrics.rs (envoyproxy/dynamic-modules-examples):
 * records each request's latency in the histogram `route_latency_ms`, tagged with the configured
 * `version` and the route's name. The histogram is defined once per filter config, in the config
 * stage; streams record into it through the handle.
 *
 * Config (filter_config): {"version": "v1.0.0"}.
 *
 * Latency: the request's duration attribute when Envoy gives it, else 0 (a clock for filter code
 * comes with Date.now()/performance.now(); upstream measures with Instant).
 */
import { AttributeId, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type Histogram, type HttpFilter } from "tsc2envoy";

interface Config {
  version: string;
}

class Metrics implements HttpFilter {
  private routeName: string | undefined;

  constructor(
    private readonly version: string,
    private readonly routeLatency: Histogram,
  ) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    this.routeName = envoy.getAttributeString(AttributeId.XdsRouteName) ?? "";
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, endOfStream: boolean): ResponseHeadersStatus {
    if (endOfStream) this.recordLatency(envoy);
    return ResponseHeadersStatus.Continue;
  }

  onStreamComplete(envoy: EnvoyHttpFilter): void {
    this.recordLatency(envoy); // a response with a body ends here (no body hook needed)
  }

  private recordLatency(envoy: EnvoyHttpFilter): void {
    const routeName = this.routeName;
    if (routeName === undefined) return;
    this.routeName = undefined; // once per request
    const nanoseconds = envoy.getAttributeInt(AttributeId.RequestDuration) ?? 0;
    envoy.recordHistogramValue(this.routeLatency, Math.floor(nanoseconds / 1e6), [this.version, routeName]);
  }
}

registerHttpFilter("metrics", (config: Config, envoy: EnvoyFilterConfig) => {
  const routeLatency = envoy.defineHistogram("route_latency_ms", ["version", "route_name"]);
  const version = config.version;
  return () => new Metrics(version, routeLatency);
});
