// Typed filter_config: optional fields, nested objects, arrays of tuples; each config run separately.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Route {
  prefix: string;
  weight?: number;
  headers?: [string, string][];
}

interface Config {
  name: string;
  routes: Route[];
  limits?: { rps: number; burst?: number };
  debug?: boolean;
}

class Router implements HttpFilter {
  private chosen = "";

  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const route = this.config.routes.find((r) => path.slice(0, r.prefix.length) === r.prefix);
    this.chosen = route?.prefix ?? "none";
    for (const [name, value] of route?.headers ?? []) envoy.setRequestHeader(name, value);
    if (this.config.debug) log.info(`${this.config.name}: ${path} -> ${this.chosen} weight ${route?.weight ?? 1}`);
    log.info(`limits ${this.config.limits?.rps ?? "none"} burst ${this.config.limits?.burst ?? "default"}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-route", this.chosen);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new Router(config));
// config: {"name":"main","debug":true,"routes":[{"prefix":"/a","weight":3,"headers":[["x-a","1"],["x-b","2"]]},{"prefix":"/"}],"limits":{"rps":10}}
// config: {"name":"quiet","routes":[]}
// config: {"name":"bad","routes":[{"prefix":"/a","weight":"heavy"}]}
// config: {"name":"bad2","routes":[{"weight":1}]}
// config: {"name":"bad3","routes":[],"limits":{"burst":2}}
// config: {"name":"bad4","routes":[],"debug":null}
