/**
 * The e2e filter of test/e2e/routing-trailers.test.ts: a canary decision that reaches the router
 * (or not, with "no_clear"), trailers read and written, bool and time attributes.
 */
import {
  AttributeId,
  log,
  registerHttpFilter,
  RequestHeadersStatus,
  RequestTrailersStatus,
  ResponseHeadersStatus,
  ResponseTrailersStatus,
  type EnvoyHttpFilter,
  type HttpFilter,
} from "tsc2envoy";

interface Config {
  /** Requests whose path starts with this become canaries (x-canary: 1). */
  canary_prefix: string;
  /** Whether the filter clears the route cache after deciding. */
  clear: boolean;
}

class RoutingTrailers implements HttpFilter {
  private requestTrailer = "none";

  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    // Whether Envoy lets a header hook write trailers the request has not sent yet (it has none then).
    envoy.setRequestHeader("x-early-trailer", String(envoy.setRequestTrailer("x-early", "1")));
    if (path.startsWith(this.config.canary_prefix)) {
      envoy.setRequestHeader("x-canary", "1");
      if (this.config.clear) envoy.clearRouteCache();
    }
    return RequestHeadersStatus.Continue;
  }

  onRequestTrailers(envoy: EnvoyHttpFilter): RequestTrailersStatus {
    this.requestTrailer = envoy.getRequestTrailerValue("x-checksum") ?? "absent";
    envoy.setRequestTrailer("x-filter-saw", `${this.requestTrailer};${envoy.getRequestTrailers().length}`);
    envoy.removeRequestTrailer("x-drop-me");
    if (envoy.getRequestTrailerValue("x-fail") !== undefined) throw new Error("asked to fail in the request trailers");
    return RequestTrailersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    const mtls = envoy.getAttributeBool(AttributeId.ConnectionMtls);
    const healthCheck = envoy.getAttributeBool(AttributeId.HealthCheck);
    envoy.setResponseHeader("x-health-check", healthCheck === undefined ? "undefined" : String(healthCheck));
    const started = envoy.getAttributeTime(AttributeId.RequestTime);
    envoy.setResponseHeader("x-mtls", mtls === undefined ? "undefined" : String(mtls));
    envoy.setResponseHeader("x-request-time", started === undefined ? "undefined" : String(started));
    return ResponseHeadersStatus.Continue;
  }

  onResponseTrailers(envoy: EnvoyHttpFilter): ResponseTrailersStatus {
    envoy.setResponseTrailer("x-request-checksum", this.requestTrailer);
    envoy.addResponseTrailer("x-upstream-trailers", envoy.getResponseTrailerValues("x-upstream").join(","));
    return ResponseTrailersStatus.Continue;
  }

  onStreamComplete(envoy: EnvoyHttpFilter): void {
    const duration = envoy.getAttributeTime(AttributeId.RequestDuration);
    const latency = envoy.getAttributeTime(AttributeId.ResponseBackendLatency);
    log.info(`timing duration=${duration === undefined ? "undefined" : duration >= 0 ? "ok" : "negative"} latency=${latency === undefined ? "undefined" : latency >= 0 ? "ok" : "negative"}`);
  }
}

registerHttpFilter("routing_trailers", (config: Config) => new RoutingTrailers(config));
