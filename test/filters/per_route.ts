/**
 * The e2e filter of test/e2e/per-route.test.ts: a policy whose mode comes from the most specific
 * per-route config (route, else virtual host), answering what it found in a local reply.
 */
import { registerHttpFilter, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Config {
  fallback: string;
}

/** What a route or virtual host says in typed_per_filter_config. */
interface RoutePolicy {
  mode: "strict" | "lax";
  label: string;
  limits?: number[];
}

class Policy implements HttpFilter {
  constructor(private readonly fallback: string) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const policy = envoy.getPerRouteConfig<RoutePolicy>();
    const found = policy === undefined ? `none;${this.fallback}` : `${policy.mode};${policy.label};${(policy.limits ?? []).join(",")}`;
    let frozen = "writable";
    if (policy !== undefined) {
      try {
        policy.label = "changed";
      } catch (e) {
        frozen = (e as Error).name;
      }
    }
    envoy.sendResponse(200, [["x-policy", found], ["x-frozen", frozen]], found);
    return RequestHeadersStatus.StopIteration;
  }
}

registerHttpFilter<Config, RoutePolicy>("route_policy", (config: Config, _envoy: EnvoyFilterConfig) => {
  const fallback = config.fallback;
  return () => new Policy(fallback);
});
