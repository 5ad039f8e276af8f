// Typed filter_config: nested arrays, tuples, optional records and arrays, non-ASCII strings and keys, numbers out of range; good configs used per stream.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Rule {
  match: string;
  weights: number[][];
  set?: [string, string][];
  enabled?: boolean;
}

interface Config {
  name: string;
  rules: Rule[];
  limits?: { rps: number; burst?: number; windows?: number[] };
  "größe"?: number;
  tags: string[];
}

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const c = this.config;
    log.info(`${c.name} (${c.name.length}) rules=${c.rules.length} tags=${JSON.stringify(c.tags)} größe=${c["größe"] ?? "-"}`);
    for (const r of c.rules) {
      const sums = r.weights.map((row) => row.reduce((a, b) => a + b, 0));
      log.info(`  ${r.match}: weights=${JSON.stringify(r.weights)} sums=${sums.join(",")} set=${r.set?.length ?? 0} enabled=${r.enabled ?? "default"}`);
      if (r.enabled !== false) for (const [k, v] of r.set ?? []) envoy.setRequestHeader(k, v);
    }
    const l = c.limits;
    log.info(`limits: ${l === undefined ? "none" : `rps=${l.rps} burst=${l.burst ?? "-"} windows=${l.windows?.join("/") ?? "-"}`}`);
    log.info(`config as JSON: ${JSON.stringify(c)}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-config", this.config.name);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
// config: {"name":"full","rules":[{"match":"/a","weights":[[1,2],[],[3.5]],"set":[["x-a","é"],["x-b","😀"]],"enabled":true},{"match":"/b","weights":[],"enabled":false,"set":[["x-c","no"]]}],"limits":{"rps":10,"burst":20,"windows":[1,60,3600]},"größe":42,"tags":["ü","","t"]}
// config: {"name":"minimal","rules":[],"tags":[]}
// config: {"name":"extras","rules":[{"match":"/","weights":[[0]],"unknown":{"deep":[1,2]}}],"tags":[],"other":null,"limits":{"rps":-0,"extra":1}}
// config: {"name":"dup","name":"second","rules":[],"tags":["a"],"tags":["b","c"]}
// config: {"name":"huge","rules":[{"match":"/","weights":[[1e400,-1e400,1e-400]]}],"tags":[],"limits":{"rps":9007199254740993}}
// config: {"name":"\u00e9\ud83d\ude00\n\"q\"","rules":[],"tags":["\u0000"]}
// config: {"name":"bad1","rules":[{"match":"/","weights":[[1,"2"]]}],"tags":[]}
// config: {"name":"bad2","rules":[{"match":"/","weights":[1]}],"tags":[]}
// config: {"name":"bad3","rules":[{"match":"/","weights":[],"set":[["k"]]}],"tags":[]}
// config: {"name":"bad4","rules":[{"match":"/","weights":[],"set":[["k",1]]}],"tags":[]}
// config: {"name":"bad5","rules":[],"tags":[],"limits":{"burst":1}}
// config: {"name":"bad6","rules":[],"tags":[],"limits":{"rps":1,"windows":[1,null]}}
// config: {"name":"bad7","rules":[],"tags":[],"größe":"big"}
// config: {"name":"bad8","rules":{},"tags":[]}
// config: {"name":"bad9","rules":[],"tags":[],"limits":null}
// config: {"name":"bad10","rules":[{"weights":[]}],"tags":[]}
// config: {"name":"bad11","rules":[],"tags":[1]}
// config: ["not","an","object"]
// config: "just a string"
// config: {"name":"trailing","rules":[],"tags":[]} x
// config: {"name":"unterminated
// config: {"name":"bad-escape \x41","rules":[],"tags":[]}
