// Optional values: config fields that may be absent, header lookups, narrowing and defaults.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Limits {
  header: string;
  max?: number;
  strict?: boolean;
  message?: string;
}

class Limiter implements HttpFilter {
  constructor(private readonly limits: Limits) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const value = envoy.getRequestHeaderValue(this.limits.header);
    if (value === undefined) {
      return this.limits.strict ? this.reject(envoy) : RequestHeadersStatus.Continue;
    }
    const max = this.limits.max ?? 16;
    if (value.length > max) return this.reject(envoy);
    return RequestHeadersStatus.Continue;
  }

  private reject(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    envoy.sendResponse(400, [["x-limit", this.limits.header]], this.limits.message ?? "too long", "limit");
    return RequestHeadersStatus.StopIteration;
  }
}

registerHttpFilter("limiter", (limits: Limits) => new Limiter(limits));
