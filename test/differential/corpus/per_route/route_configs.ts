// Per-route configs: decoded into registerHttpFilter's RouteConfig type argument (rejected with the path when they do not match), frozen, read with getPerRouteConfig<RouteConfig>(); a raw string one; one declared for another filter's type throws TypeError; a filter without RouteConfig refuses them.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Config {
  greeting: string;
}

interface RouteConfig {
  mode: "strict" | "lax";
  limit: number;
  tags?: string[];
}

class Routed implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    try {
      const route = envoy.getPerRouteConfig<RouteConfig>();
      if (route === undefined) {
        log.info(`${this.config.greeting}: no per-route config`);
        return RequestHeadersStatus.Continue;
      }
      log.info(`${this.config.greeting}: mode=${route.mode} limit=${route.limit} tags=${(route.tags ?? ["none"]).join(",")}`);
      envoy.setRequestHeader("x-mode", route.mode);
      route.limit = 99;
    } catch (e) {
      log.info(`${(e as Error).name}: ${(e as Error).message}`);
    }
    return RequestHeadersStatus.Continue;
  }
}

class Raw implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    log.info(`raw: ${envoy.getPerRouteConfig<string>() ?? "none"}`);
    return RequestHeadersStatus.Continue;
  }
}

class Plain implements HttpFilter {
  onRequestHeaders(_envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter<Config, RouteConfig>("test", (config: Config) => new Routed(config));
registerHttpFilter<undefined, "a" | "b" | string>("raw", () => new Raw());
registerHttpFilter("plain", () => new Plain());
// vector: {"filter":"test","config":"{\"greeting\":\"hi\"}","streams":[{"perRouteConfig":{"config":"{\"mode\":\"strict\",\"limit\":3,\"tags\":[\"a\",\"b\"],\"extra\":1}"},"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true}]},{"events":[{"hook":"request_headers","headers":[[":path","/same-route"]],"endOfStream":true}]},{"perRouteConfig":{"config":"{\"mode\":\"lax\",\"limit\":0.5}"},"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true}]},{"perRouteConfig":null,"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true}]},{"perRouteConfig":{"config":"{\"mode\":\"other\",\"limit\":1}"},"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true}]},{"perRouteConfig":{"config":"{\"limit\":\"1\",\"mode\":\"lax\"}"},"events":[]},{"perRouteConfig":{"config":"{\"mode\":\"lax\"}"},"events":[]},{"perRouteConfig":{"config":"[1"},"events":[]},{"perRouteConfig":{"config":""},"events":[]},{"perRouteConfig":{"filter":"raw","config":"anything"},"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true}]},{"perRouteConfig":{"filter":"plain","config":"{}"},"events":[]},{"perRouteConfig":{"filter":"nope","config":"{}"},"events":[]}]}
// vector: {"filter":"raw","streams":[{"perRouteConfig":{"config":"a route's words"},"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true}]},{"perRouteConfig":null,"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true}]}]}
