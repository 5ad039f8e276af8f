// Counters, gauges and histograms with and without tags; wrong tag counts and invalid values throw
// the same TypeError/RangeError in Node and in the module; a throw in the config stage rejects the config.
// vector: {"filter":"metrics","config":"{\"version\":\"v1\"}","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/a"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"metrics","config":"{\"version\":\"\"}","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/a"]],"endOfStream":true}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type Counter, type EnvoyFilterConfig, type EnvoyHttpFilter, type Gauge, type Histogram, type HttpFilter } from "tsc2envoy";

interface Config {
  version: string;
}
interface Handles {
  requests: Counter;
  tagged: Counter;
  active: Gauge;
  latency: Histogram;
}

function attempt(what: string, run: () => void): void {
  try {
    run();
    log.info(`${what}: ok`);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}

class Metrics implements HttpFilter {
  constructor(private readonly version: string, private readonly m: Handles) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    envoy.incrementCounter(this.m.requests);
    envoy.incrementCounter(this.m.requests, 5);
    envoy.incrementCounter(this.m.tagged, 2, [this.version, path]);
    envoy.increaseGauge(this.m.active, 3);
    envoy.decreaseGauge(this.m.active, 1);
    envoy.setGauge(this.m.active, 7);
    envoy.recordHistogramValue(this.m.latency, 42, [this.version]);
    attempt("too few tags", () => envoy.incrementCounter(this.m.tagged, 1, [path]));
    attempt("tags on untagged", () => envoy.setGauge(this.m.active, 1, ["x"]));
    attempt("negative", () => envoy.increaseGauge(this.m.active, -1));
    attempt("fraction", () => envoy.recordHistogramValue(this.m.latency, 1.5, [this.version]));
    attempt("NaN", () => envoy.incrementCounter(this.m.requests, NaN));
    attempt("too large", () => envoy.incrementCounter(this.m.requests, 2 ** 53));
    log.info(`worker ${envoy.getWorkerIndex()}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    envoy.recordHistogramValue(this.m.latency, 0, [this.version]);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("metrics", (config: Config, envoy: EnvoyFilterConfig) => {
  if (config.version === "") throw new Error("version must not be empty");
  const m: Handles = {
    requests: envoy.defineCounter("requests"),
    tagged: envoy.defineCounter("tagged", ["version", "path"]),
    active: envoy.defineGauge("active"),
    latency: envoy.defineHistogram("latency_ms", ["version"]),
  };
  let emptyName = "none";
  try {
    envoy.defineGauge("");
  } catch (e) {
    if (e instanceof TypeError) emptyName = e.message;
  }
  log.info(`defined; empty name: ${emptyName}`);
  const version = config.version;
  return () => new Metrics(version, m);
});
