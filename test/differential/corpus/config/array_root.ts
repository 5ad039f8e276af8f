// A filter_config whose root is an array of tuples with optional tails: good and bad configs, including empty and whitespace-only text.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Entry {
  header: string;
  values: string[];
  ratio?: number;
}

type Config = [string, Entry[], boolean][];

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    log.info(`groups=${this.config.length}`);
    for (const [name, entries, active] of this.config) {
      const described = entries.map((e) => `${e.header}=${e.values.join("|")}@${e.ratio ?? 1}`);
      log.info(`${name} active=${active} ${described.join(" ")}`);
      if (active) for (const e of entries) envoy.setRequestHeader(e.header, e.values.join(", "));
    }
    log.info(JSON.stringify(this.config));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
// config: [["g1",[{"header":"x-a","values":["1","2"],"ratio":0.5},{"header":"x-b","values":[]}],true],["g2",[],false]]
// config: []
// config:   [ ]  
// config: [["g",[],true,"extra"]]
// config: [["g",[]]]
// config: [["g",[{"header":"x","values":"1"}],true]]
// config: [["g",[{"header":"x","values":[1]}],true]]
// config: [["g",[{"values":[]}],true]]
// config: [["g",[{"header":"x","values":[],"ratio":"half"}],true]]
// config: [["g",[],"yes"]]
// config: {"g":1}
// config: [1]
// config: null
// config: 
// config:    
