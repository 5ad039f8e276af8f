// RegExp literals: the static tables (Pike VM program, character sets, DFA) and the calls using them.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Router implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    const api = /^\/api\/v(\d+)\//.exec(path);
    if (api) envoy.setRequestHeader("x-api-version", api[1] ?? "");
    if (/^bearer\s/i.test(envoy.getRequestHeaderValue("authorization") ?? "")) envoy.setRequestHeader("x-auth", "bearer");
    const cookie = envoy.getRequestHeaderValue("cookie") ?? "";
    envoy.setRequestHeader("x-cookie", cookie.replace(/(\w+)=([^;]*)/g, (m: string, name: string, value: string) => `${name}:${value.length}`));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("router", () => new Router());
