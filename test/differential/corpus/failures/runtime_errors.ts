// Uncaught errors the runtime throws (not explicit throws) fail the stream closed: 500 on the request path, reset on the response path.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Limits {
  max: number;
}

function deep(n: number): number {
  return n === 0 ? 0 : deep(n - 1) + 1;
}

class T implements HttpFilter {
  private mode = "";
  private seen: string[] = [];

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    this.mode = envoy.getRequestHeaderValue("x-mode") ?? "none";
    const where = envoy.getRequestHeaderValue("x-where") ?? "request";
    this.seen.push(`req:${this.mode}`);
    log.info(`request mode=${this.mode} where=${where}`);
    envoy.setRequestHeader("x-before-failure", "set");
    if (where === "request") this.fail(envoy);
    log.info("request continues");
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    this.seen.push("resp");
    envoy.setResponseHeader("x-seen", this.seen.join(","));
    if (envoy.getResponseHeaderValue("x-fail-here") === "yes") this.fail(envoy);
    log.info("response continues");
    return ResponseHeadersStatus.Continue;
  }

  onStreamComplete(envoy: EnvoyHttpFilter): void {
    log.info(`complete seen=${this.seen.join(",")}`);
    if (this.mode === "complete") this.fail(envoy);
  }

  private fail(envoy: EnvoyHttpFilter): void {
    switch (this.mode) {
      case "repeat":
        log.info("x".repeat(-1));
        break;
      case "json": {
        const limits: Limits = JSON.parse(envoy.getRequestHeaderValue("x-json") ?? "");
        log.info(`limits ${limits.max}`);
        break;
      }
      case "reduce":
        log.info(String([0].slice(1).reduce((a, b) => a + b)));
        break;
      case "stack":
        log.info(String(deep(1e7)));
        break;
      case "callback":
        log.info([1, 2, 3].map((x) => (x === 2 ? (2).toFixed(200) : String(x))).join());
        break;
      case "comparator":
        ["b", "a"].sort((a, b) => a.codePointAt(5)! - b.length);
        log.info("sorted without error");
        (1).toString(0);
        break;
      case "complete":
        String.fromCodePoint(-5);
        break;
      default:
        log.info("nothing fails");
    }
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","repeat"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","500"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","json"],["x-json","{\"max\":\"ten\"}"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","json"],["x-json","{max"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","reduce"],["x-where","response"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"],["x-fail-here","yes"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","stack"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","callback"],["x-where","response"]],"endOfStream":false},{"hook":"response_headers","headers":[[":status","200"],["x-fail-here","yes"]],"endOfStream":false},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","comparator"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","complete"],["x-where","nowhere"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","json"],["x-where","response"],["x-json","{\"max\":3}"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"],["x-fail-here","yes"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
