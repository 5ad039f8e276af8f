// Date in a filter under tsc2envoy/testing: the local-time text of toString() is UTC's in both modes.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Dates implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const since = envoy.getRequestHeaderValue("if-modified-since");
    envoy.setRequestHeader("x-date", String(new Date(784111777000)));
    if (since !== undefined) envoy.setRequestHeader("x-since", new Date(since).toISOString());
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("dates", () => new Dates());
