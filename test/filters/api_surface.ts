/**
 * Test filter: exercises every EnvoyHttpFilter method and reports what it saw in response
 * headers, carrying per-stream state from the request hook to the response hook.
 */
import { AttributeId, log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function joinAll(values: string[], separator: string): string {
  let joined = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) joined += separator;
    joined += values[i] ?? "";
  }
  return joined;
}

interface ApiConfig {
  greeting: string;
  repeat: number;
  shout?: boolean;
}

class ApiSurface implements HttpFilter {
  private seen: string[] = [];
  private requestCount = 0;
  private method = "";
  private completed = false;

  constructor(private readonly config: ApiConfig) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus {
    const multi = envoy.getRequestHeaderValues("x-multi");
    this.seen.push(`multi=${joinAll(multi, "|")}`);
    this.seen.push(`missing=${envoy.getRequestHeaderValue("x-missing") ?? "none"}`);
    this.seen.push(`eos=${endOfStream}`);
    for (const [name, value] of envoy.getRequestHeaders()) {
      if (name === ":path") this.seen.push(`path=${value}`);
    }
    this.requestCount = envoy.getRequestHeaders().length;
    this.method = envoy.getAttributeString(AttributeId.RequestMethod) ?? "?";
    envoy.addRequestHeader("x-added", "one");
    envoy.addRequestHeader("x-added", "two");
    envoy.setRequestHeader("x-unicode", envoy.getRequestHeaderValue("x-unicode-in") ?? "");
    let greeting = this.config.greeting;
    for (let i = 1; i < this.config.repeat; i++) greeting += ` ${this.config.greeting}`;
    envoy.setRequestHeader("x-greeting", this.config.shout === true ? `${greeting}!` : greeting);
    log.info(`api_surface saw ${this.requestCount} request headers`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-seen", joinAll(this.seen, ";"));
    envoy.setResponseHeader("x-request-header-count", String(this.requestCount));
    envoy.setResponseHeader("x-method", this.method);
    envoy.addResponseHeader("x-upstream-only", "added-by-filter");
    envoy.removeResponseHeader("access-control-allow-credentials");
    const status = envoy.getResponseHeaderValue(":status") ?? "";
    envoy.setResponseHeader("x-status-seen", status);
    envoy.setResponseHeader("x-response-values", joinAll(envoy.getResponseHeaderValues("x-upstream-only"), ","));
    envoy.setResponseHeader("x-completed-before", String(this.completed));
    return ResponseHeadersStatus.Continue;
  }

  onStreamComplete(_envoy: EnvoyHttpFilter): void {
    this.completed = true;
    log.info(`api_surface stream complete for ${this.method}`);
  }
}

registerHttpFilter("api_surface", (config: ApiConfig) => new ApiSurface(config));
