// Unbounded recursion on every path user code can re-enter itself by: through a sort comparator and
// toSorted, String.replace / replaceAll callbacks (string and RegExp patterns), tail self-recursion,
// tail recursion through an interface method, and mutual recursion. Each throws RangeError as in Node:
// caught (x-mode: caught) it is an ordinary error; uncaught it fails the stream closed with a 500.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function viaSort(n: number): number {
  let deepest = n;
  [3, 1, 2].sort((a, b) => {
    deepest = viaSort(n + 1);
    return a - b;
  });
  return deepest;
}

function viaToSorted(n: number): number[] {
  return ["b", "a"].map((s) => s.length).toSorted((a, b) => viaToSorted(n + 1).length + a - b);
}

function viaReplace(text: string): string {
  return text.replace("a", (m) => viaReplace(m));
}

function viaReplaceAll(text: string): string {
  return text.replaceAll("a", (m: string, offset: number) => viaReplaceAll(text.slice(offset) || m));
}

function viaRegexReplace(text: string): string {
  return text.replace(/a+/g, (m) => viaRegexReplace(m.slice(1) || text));
}

function countUp(n: number): number {
  return countUp(n + 1);
}

interface Step {
  next(n: number): number;
}

class Forever implements Step {
  constructor(private readonly other: Step | undefined) {}
  next(n: number): number {
    const step: Step = this.other ?? this;
    return step.next(n + 1);
  }
}

function ping(n: number): number {
  return pong(n + 1);
}

function pong(n: number): number {
  return ping(n + 1);
}

function run(which: string): string {
  switch (which) {
    case "sort":
      return String(viaSort(0));
    case "toSorted":
      return viaToSorted(0).join(",");
    case "replace":
      return viaReplace("a");
    case "replaceAll":
      return viaReplaceAll("a");
    case "regex":
      return viaRegexReplace("aa");
    case "tail":
      return String(countUp(0));
    case "interface":
      return String(new Forever(undefined).next(0));
    case "mutual":
      return String(ping(0));
    default:
      return "nothing";
  }
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const which = envoy.getRequestHeaderValue("x-case") ?? "";
    if (envoy.getRequestHeaderValue("x-mode") === "caught") {
      try {
        log.info(`${which}: ${run(which)}`);
      } catch (e) {
        log.info(`${which}: caught ${e instanceof RangeError} ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
      }
      envoy.setRequestHeader("x-after", "still running");
      return RequestHeadersStatus.Continue;
    }
    log.info(`${which}: ${run(which)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-case","sort"],["x-mode","caught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","toSorted"],["x-mode","caught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","replace"],["x-mode","caught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","replaceAll"],["x-mode","caught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","regex"],["x-mode","caught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","tail"],["x-mode","caught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","interface"],["x-mode","caught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","mutual"],["x-mode","caught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","sort"],["x-mode","uncaught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","toSorted"],["x-mode","uncaught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","replace"],["x-mode","uncaught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","replaceAll"],["x-mode","uncaught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","regex"],["x-mode","uncaught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","tail"],["x-mode","uncaught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","interface"],["x-mode","uncaught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-case","mutual"],["x-mode","uncaught"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
