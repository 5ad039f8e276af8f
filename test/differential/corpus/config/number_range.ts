// Config numbers beyond double range (1e400 parses to Infinity) are refused when the config loads, wherever they are; JSON.parse in filter code keeps JavaScript's Infinity.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { signedZero } from "../lib/units";

interface Limits {
  rps: number;
  burst?: number;
  weights: number[];
  pair?: [string, number];
  code?: 403 | 429;
}

class T implements HttpFilter {
  constructor(private readonly config: Limits) {}

  onRequestHeaders(): RequestHeadersStatus {
    const parsed: { n: number } = JSON.parse('{"n": 1e400}');
    const negative: number[] = JSON.parse("[-1e400, 1e-400, -1e-400]");
    log.info(`rps=${this.config.rps} burst=${this.config.burst} weights=${this.config.weights.map(signedZero).join(",")} pair=${this.config.pair?.[1]} code=${this.config.code}`);
    log.info(`JSON.parse: ${parsed.n} ${negative.map(signedZero).join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Limits) => new T(config));
// config: {"rps": 1e400, "weights": []}
// config: {"rps": -1e400, "weights": []}
// config: {"rps": 10, "burst": 1e400, "weights": []}
// config: {"rps": 10, "weights": [1, 2, 1E+309]}
// config: {"rps": 10, "weights": [], "pair": ["a", -2e308]}
// config: {"rps": 10, "weights": [], "code": 1e400}
// config: {"rps": 1.7976931348623157e308, "burst": -1.7976931348623157e308, "weights": [1e-400, -1e-400, 5e-324], "pair": ["a", 1], "code": 429}
