// Record<string, T> in filter_config and JSON.parse targets: values checked with their path (literal types included), keys in JS order, frozen config dicts (writes and deletes throw V8's TypeError), copies writable.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

type Mode = "fast" | "slow";

interface Upstream {
  host: string;
  weight?: number;
}

interface Config {
  limits: Record<string, number>;
  labels?: { [name: string]: string };
  modes: Record<string, Mode>;
  upstreams: Record<string, Upstream[]>;
}

function attempt(what: string, f: () => string): void {
  try {
    log.info(`${what}: ${f()}`);
  } catch (e) {
    log.info(`${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
  }
}

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(): RequestHeadersStatus {
    const config = this.config;
    log.info(`config: ${JSON.stringify(config)}`);
    log.info(`limits: ${Object.keys(config.limits).join(",")} sum ${Object.values(config.limits).reduce((a, b) => a + b, 0)}`);
    log.info(`labels: ${config.labels ? Object.entries(config.labels).map(([k, v]) => `${k}=${v}`).join("&") : "none"}`);
    log.info(`upstreams: ${Object.keys(config.upstreams).map((k) => `${k}:${(config.upstreams[k] ?? []).map((u) => u.host).join("+")}`).join(" ")}`);
    attempt("assign", () => String((config.limits["a"] = 9)));
    attempt("add", () => String((config.limits["new"] = 9)));
    attempt("delete", () => String(delete config.limits["a"]));
    attempt("delete absent", () => String(delete config.limits["absent"]));
    const copy: Record<string, number> = { ...config.limits };
    copy["a"] = 100;
    delete copy["b"];
    log.info(`copy: ${JSON.stringify(copy)} original ${JSON.stringify(config.limits)}`);
    attempt("parse", () => JSON.stringify(JSON.parse('{"z":[1],"3":[],"a":[2,3],"z":[4]}') as Record<string, number[]>));
    attempt("parse nested", () => {
      const parsed: Record<string, Record<string, boolean>> = JSON.parse('{"x":{"on":true},"y":{}}');
      return `${Object.keys(parsed).join(",")} ${parsed["x"]?.["on"]} ${JSON.stringify(parsed)}`;
    });
    attempt("parse wrong value", () => JSON.stringify(JSON.parse('{"a":[1],"b":["x"]}') as Record<string, number[]>));
    attempt("parse not object", () => JSON.stringify(JSON.parse("[1]") as Record<string, number>));
    attempt("parse literal", () => JSON.stringify(JSON.parse('{"m":"fast","n":"medium"}') as Record<string, Mode>));
    attempt("parse order of errors", () => JSON.stringify(JSON.parse('{"b":"x","5":"y"}') as Record<string, number>));
    const frozen: Record<string, number> = { k: 1 };
    Object.freeze(frozen);
    attempt("freeze", () => String((frozen["k"] = 2)));
    attempt("freeze add", () => String((frozen["j"] = 2)));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
// config: {"limits":{"b":2,"10":1,"a":3},"labels":{"x":"1","y":"2"},"modes":{"m":"fast"},"upstreams":{"web":[{"host":"h1","weight":2},{"host":"h2"}],"api":[]}}
// config: {"limits":{},"modes":{},"upstreams":{}}
// config: {"limits":{"a":"1"},"modes":{},"upstreams":{}}
// config: {"limits":{},"modes":{"x":"fast","y":"medium"},"upstreams":{}}
// config: {"limits":{},"modes":{},"upstreams":{"web":[{"weight":1}]}}
// config: {"limits":[],"modes":{},"upstreams":{}}
// config: {"limits":{"b":"x","7":"y"},"modes":{},"upstreams":{}}
