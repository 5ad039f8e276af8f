// Route matching typical of filters: versioned API paths, ids, query strings.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function route(path: string): string {
  const api = /^\/api\/v(\d+)\//.exec(path);
  if (api) {
    const version = Number(api[1] ?? "");
    const rest = path.slice(api[0].length);
    const user = /^users\/(\d+)(?:\/(\w+))?\/?(?:\?.*)?$/.exec(rest);
    if (user) return `v${version} user=${user[1]} action=${user[2] ?? "show"}`;
    return `v${version} other=${rest}`;
  }
  if (/^\/(?:health|ready)z?$/.test(path)) return "probe";
  if (/\.(?:png|jpe?g|gif|svg)$/i.test(path)) return "static";
  return "unknown";
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    log.info(`${path} -> ${route(path)}`);
    for (const p of ["/api/v2/users/42", "/api/v10/users/7/delete", "/api/v1/users/3/?x=1", "/api/v1/orders", "/healthz", "/img/A.JPG", "/apiv1/x", "/api/vx/"]) {
      log.info(`${p} -> ${route(p)}`);
    }
    const query = "a=1&b=two&c=&d=%20x";
    const params: string[] = [];
    const re = /([^&=]+)=([^&]*)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(query)) !== null) params.push(`${m[1]}:${JSON.stringify(m[2])}`);
    log.info(params.join(" "));
    envoy.setRequestHeader("x-route", route(path));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
