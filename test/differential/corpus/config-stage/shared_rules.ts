// The config stage runs once per config: its rules and counter are shared by every stream, frozen
// (writes to captured values throw V8's TypeError), and streams still get their own filter.
// vector: {"filter":"waf","config":"{\"rules\":[{\"prefix\":\"/admin\",\"deny\":true},{\"prefix\":\"/open\",\"deny\":false}]}","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/admin/x"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/open/y"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/other"],["mutate","1"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type Counter, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Rule {
  prefix: string;
  deny: boolean;
}
interface Config {
  rules: Rule[];
}
interface Compiled {
  prefixes: string[];
  denied: Rule[];
  limits: { max: number };
}

class Settings {
  constructor(readonly label: string, readonly weights: number[]) {}
}

function attempt(what: string, write: () => string): void {
  try {
    log.info(`${what}: ok ${write()}`);
  } catch (e) {
    if (e instanceof TypeError) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}

class Waf implements HttpFilter {
  private seen: string[] = [];
  constructor(
    private readonly compiled: Compiled,
    private readonly settings: Settings,
    private readonly blocked: Counter,
  ) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    this.seen.push(path);
    log.info(`stream sees ${this.seen.length} path(s); worker ${envoy.getWorkerIndex()}`);
    if (envoy.getRequestHeaderValue("mutate") !== undefined) {
      const c = this.compiled;
      attempt("push", () => String(c.prefixes.push(path)));
      attempt("record field", () => String((c.limits.max = 1)));
      attempt("element field", () => String((c.denied[0]!.deny = false)));
      attempt("class array", () => String(this.settings.weights.push(1)));
      attempt("sort", () => String(c.prefixes.sort()));
      log.info(`after: ${JSON.stringify(c)} ${this.settings.label} ${this.settings.weights.join(",")}`);
    }
    for (const rule of this.compiled.denied) {
      if (path.startsWith(rule.prefix)) {
        envoy.incrementCounter(this.blocked, 1, [rule.prefix]);
        envoy.sendResponse(403, [], "blocked\n");
        return RequestHeadersStatus.StopIteration;
      }
    }
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    envoy.incrementCounter(this.blocked, 0, ["none"]);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("waf", (config: Config, envoy: EnvoyFilterConfig) => {
  const compiled: Compiled = {
    prefixes: config.rules.map((r) => r.prefix),
    denied: config.rules.filter((r) => r.deny).map((r) => ({ prefix: r.prefix, deny: r.deny })),
    limits: { max: config.rules.length },
  };
  compiled.limits.max += 10; // still writable during the config stage
  const settings = new Settings(`rules=${compiled.prefixes.join("|")}`, [3, 1, 2]);
  const blocked = envoy.defineCounter("blocked", ["rule"]);
  log.info(`config stage: ${JSON.stringify(compiled)}`);
  return () => new Waf(compiled, settings, blocked);
});
