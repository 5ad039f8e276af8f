// The config is shared by every stream: frozen in Node and in the module, every write throws the same TypeError, and copies are writable.
// vector: {"filter":"test","config":"{\"names\":[\"a\",\"b\",\"c\"],\"one\":[\"z\"],\"none\":[],\"limits\":{\"rps\":5},\"pairs\":[[\"k\",\"v\"]],\"counts\":[3,1,2]}","streams":[{"events":[{"hook":"request_headers","headers":[["x","first-stream-value"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x","second"],["fail","1"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x","third"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Limits {
  rps: number;
  burst?: number;
  label?: string;
}
interface Config {
  names: string[];
  one: string[];
  none: string[];
  limits: Limits;
  pairs: [string, string][];
  counts: number[];
}

function attempt(what: string, write: () => string): void {
  try {
    log.info(`${what}: ok ${write()}`);
  } catch (e) {
    if (e instanceof TypeError) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}

function bump(limits: Limits): number {
  limits.rps += 1;
  return limits.rps;
}

class Frozen implements HttpFilter {
  private mine: string[] = [];
  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const c = this.config;
    this.mine = c.names.slice();
    const value = envoy.getRequestHeaderValue("x") ?? "none";
    log.info(`before: ${JSON.stringify(c)}`);
    if (envoy.getRequestHeaderValue("fail") !== undefined) c.names.push(value); // uncaught: fails closed
    attempt("push", () => String(c.names.push(value)));
    attempt("push spread none", () => String(c.names.push(...c.none)));
    attempt("push empty", () => String(c.none.push(value)));
    attempt("pop", () => String(c.names.pop()));
    attempt("pop empty", () => String(c.none.pop()));
    attempt("shift", () => String(c.names.shift()));
    attempt("shift one", () => String(c.one.shift()));
    attempt("shift empty", () => String(c.none.shift()));
    attempt("unshift", () => String(c.names.unshift(value)));
    attempt("unshift empty", () => String(c.none.unshift(value)));
    attempt("splice delete first", () => String(c.names.splice(0, 1)));
    attempt("splice delete last", () => String(c.names.splice(2, 1)));
    attempt("splice insert", () => String(c.names.splice(1, 0, value)));
    attempt("splice insert end", () => String(c.names.splice(3, 0, value)));
    attempt("splice replace", () => String(c.names.splice(1, 1, value)));
    attempt("splice nothing", () => String(c.names.splice(0, 0)));
    attempt("splice past end", () => String(c.names.splice(3)));
    attempt("sort", () => String(c.names.sort()));
    attempt("sort comparator", () => String(c.counts.sort((a, b) => a - b)));
    attempt("sort one", () => String(c.one.sort()));
    attempt("sort empty", () => String(c.none.sort()));
    attempt("reverse", () => String(c.names.reverse()));
    attempt("reverse one", () => String(c.one.reverse()));
    attempt("fill", () => String(c.names.fill(value)));
    attempt("fill empty range", () => String(c.names.fill(value, 5)));
    attempt("length shorten", () => String((c.names.length = 1)));
    attempt("length same", () => String((c.names.length = 3)));
    attempt("length invalid", () => {
      try {
        c.names.length = 1.5;
      } catch (e) {
        if (e instanceof RangeError) return `RangeError: ${e.message}`;
        throw e;
      }
      return "no error";
    });
    attempt("index assign", () => String((c.names[1] = value)));
    attempt("index append", () => String((c.names[3] = value)));
    attempt("element from itself", () => String((c.counts[0] = (c.counts[0] ?? 0) + 10)));
    attempt("increment field", () => String(c.limits.rps++));
    attempt("field assign", () => String((c.limits.rps = 1)));
    attempt("field compound", () => String(bump(c.limits)));
    attempt("optional field add", () => String((c.limits.burst = 2)));
    attempt("optional field if absent", () => String(c.limits.label === undefined ? (c.limits.label = value) : c.limits.label));
    attempt("tuple element", () => String((c.pairs[0]![1] = value)));
    attempt("tuple in loop", () => {
      for (const pair of c.pairs) pair[0] = value;
      return "looped";
    });
    attempt("nested array field", () => String((c.limits = { rps: 0 })));
    const copy = c.names.slice();
    copy.push(value);
    const spliced = c.names.concat(c.one);
    spliced.push("s");
    spliced.splice(0, 1);
    const mapped = c.counts.map((n) => n * 2);
    mapped.sort((a, b) => a - b);
    const record = { ...c.limits };
    record.burst = 9;
    record.rps = 100;
    this.mine.push(value);
    log.info(`copies: ${copy.join(",")} ${spliced.join(",")} ${mapped.join(",")} ${JSON.stringify(record)} ${this.mine.join(",")}`);
    log.info(`after: ${JSON.stringify(c)}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(_envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    this.config.counts.reverse(); // uncaught on the response path: resets the stream
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new Frozen(config));
