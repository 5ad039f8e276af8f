// A filter built on an interface: rules of several classes and object literals taking the
// EnvoyHttpFilter, chosen per request with find, with optional actions (?.()), per-rule hit counts
// kept on the objects through the interface, and rules built from the config; several streams.
// vector: {"filter":"test","config":"{\"prefixes\":[\"/api\",\"/admin\"],\"header\":\"x-debug\"}","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/api/users"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/other"],["x-debug","1"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/admin/x"],["x-block","yes"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/nothing"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","404"]],"endOfStream":false},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Config {
  prefixes: string[];
  header: string;
}

interface Rule {
  readonly name: string;
  hits: number;
  matches(envoy: EnvoyHttpFilter): boolean;
  apply?(envoy: EnvoyHttpFilter): RequestHeadersStatus;
  onResponse?(envoy: EnvoyHttpFilter, status: string): void;
}

class PrefixRule implements Rule {
  hits = 0;
  readonly name: string;
  constructor(private readonly prefix: string) {
    this.name = `prefix:${prefix}`;
  }
  matches(envoy: EnvoyHttpFilter): boolean {
    return (envoy.getRequestHeaderValue(":path") ?? "").startsWith(this.prefix);
  }
  apply(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    envoy.setRequestHeader("x-rule", this.name);
    return RequestHeadersStatus.Continue;
  }
  onResponse(envoy: EnvoyHttpFilter, status: string): void {
    envoy.setResponseHeader("x-rule-status", `${this.name}=${status}`);
  }
}

class HeaderRule implements Rule {
  hits = 0;
  constructor(
    readonly name: string,
    private readonly header: string,
  ) {}
  matches(envoy: EnvoyHttpFilter): boolean {
    return envoy.getRequestHeaderValue(this.header) !== undefined;
  }
}

function blocker(header: string): Rule {
  return {
    name: `block:${header}`,
    hits: 0,
    matches: (envoy) => envoy.getRequestHeaderValue(header) === "yes",
    apply(envoy) {
      envoy.sendResponse(403, [["x-blocked-by", this.name]], `blocked by ${this.name}`);
      return RequestHeadersStatus.StopIteration;
    },
  };
}

class T implements HttpFilter {
  private readonly rules: Rule[];
  private chosen?: Rule;
  constructor(config: Config) {
    this.rules = [blocker("x-block"), ...config.prefixes.map((p) => new PrefixRule(p)), new HeaderRule("debug", config.header)];
  }

  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const rule = this.rules.find((r) => r.matches(envoy));
    this.chosen = rule;
    if (!rule) {
      log.info("no rule");
      return RequestHeadersStatus.Continue;
    }
    rule.hits++;
    log.info(`${rule.name} hits=${rule.hits} prefix=${rule instanceof PrefixRule} ${rule.apply ? "acts" : "passive"}`);
    return rule.apply?.(envoy) ?? RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter): ResponseHeadersStatus {
    const status = envoy.getResponseHeaderValue(":status") ?? "?";
    this.chosen?.onResponse?.(envoy, status);
    log.info(`response ${status} ${this.chosen?.name ?? "-"} ${this.rules.map((r) => `${r.name}:${r.hits}`).join(" ")}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
