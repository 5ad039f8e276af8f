/**
 * Routes requests by rules from its config: path prefixes, versioned API paths (`/api/v<N>/`,
 * matched by a regular expression compiled at build time) and required headers. The first rule that matches names the route in
 * `x-route`; a rule may deny with a local reply. A bearer token, when present, is checked for
 * shape and its subject passed upstream.
 *
 *   {
 *     "rules": [
 *       { "name": "admin", "kind": "prefix", "value": "/admin", "deny": 403 },
 *       { "name": "api-v2", "kind": "api", "value": "2" },
 *       { "name": "canary", "kind": "header", "value": "x-canary" }
 *     ],
 *     "default_route": "web"
 *   }
 *
 *   tsc2envoy build examples/route_rules.ts -o out   # -> out/libroute_rules.so
 */
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface RuleConfig {
  name: string;
  /** prefix: `value` starts the path; api: an /api/v<N>/ path with N >= `value`; header: `value` is present. */
  kind: "prefix" | "api" | "header";
  value: string;
  /** Answer with this status instead of routing. */
  deny?: number;
}

interface RouteRulesConfig {
  rules: RuleConfig[];
  default_route: string;
}

/** What every kind of rule can do; each kind is a class of its own. */
interface Rule {
  readonly name: string;
  readonly deny?: number;
  matches(path: string, envoy: EnvoyHttpFilter): boolean;
  /** What the match found out, for the x-route-detail header. */
  detail(path: string): string;
}

class PrefixRule implements Rule {
  constructor(readonly name: string, private readonly prefix: string, readonly deny?: number) {}
  matches(path: string): boolean {
    return path.startsWith(this.prefix);
  }
  detail(): string {
    return `prefix ${this.prefix}`;
  }
}

class ApiVersionRule implements Rule {
  constructor(readonly name: string, private readonly minimum: number, readonly deny?: number) {}
  matches(path: string): boolean {
    return apiVersion(path) >= this.minimum;
  }
  detail(path: string): string {
    return `api version ${apiVersion(path)}`;
  }
}

class HeaderRule implements Rule {
  constructor(readonly name: string, private readonly header: string, readonly deny?: number) {}
  matches(_path: string, envoy: EnvoyHttpFilter): boolean {
    return envoy.getRequestHeaderValue(this.header) !== undefined;
  }
  detail(): string {
    return `header ${this.header}`;
  }
}

const API_PATH = /^\/api\/v(\d+)(?:\/|$)/;

/** The N of an /api/v<N>/ path; -1 for other paths. */
function apiVersion(path: string): number {
  const match = API_PATH.exec(path);
  return match ? parseInt(match[1] ?? "", 10) : -1;
}
const BEARER = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i;

function ruleFrom(config: RuleConfig): Rule {
  switch (config.kind) {
    case "prefix":
      return new PrefixRule(config.name, config.value, config.deny);
    case "api":
      return new ApiVersionRule(config.name, Number(config.value), config.deny);
    case "header":
      return new HeaderRule(config.name, config.value, config.deny);
  }
}

class RouteRules implements HttpFilter {
  constructor(
    private readonly config: RouteRulesConfig,
    private readonly rules: Rule[],
  ) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const rule = this.rules.find((r) => r.matches(path, envoy));
    if (rule?.deny !== undefined) {
      envoy.sendResponse(rule.deny, [["x-route", rule.name]], `denied by rule ${rule.name}\n`, "route_rules_denied");
      return RequestHeadersStatus.StopIteration;
    }
    envoy.setRequestHeader("x-route", rule?.name ?? this.config.default_route);
    if (rule) envoy.setRequestHeader("x-route-detail", rule.detail(path));
    const token = BEARER.exec(envoy.getRequestHeaderValue("authorization") ?? "");
    if (token) envoy.setRequestHeader("x-token-subject", token[1] ?? "");
    log.debug(`${path} -> ${rule?.name ?? "default"}`);
    return RequestHeadersStatus.Continue;
  }
}

// The rules are built once per config (the config stage), not per stream; streams share them, frozen.
registerHttpFilter("route_rules", (config: RouteRulesConfig) => {
  const rules = config.rules.map(ruleFrom);
  return () => new RouteRules(config, rules);
});
