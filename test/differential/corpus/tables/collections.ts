// Set and Map tables: built once, read from hooks and helpers; their writing methods throw the same TypeError in Node (the reference makes them throw) and in the module, and the objects a Map holds are frozen too.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],["host","api.example.com"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":method","DELETE"],["host","other"],["fail","1"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":method","POST"],["host","www.example.com"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { attempt } from "../lib/attempt";

interface Backend {
  cluster: string;
  timeoutMs: number;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const BACKENDS = new Map<string, Backend>([
  ["api.example.com", { cluster: "api", timeoutMs: 250 }],
  ["www.example.com", { cluster: "web", timeoutMs: 1000 }],
]);
const WEIGHTS: ReadonlyMap<number, string> = new Map([
  [200, "ok"],
  [404, "missing"],
]);
const EMPTY = new Set<string>();

function backendFor(host: string): Backend | undefined {
  return BACKENDS.get(host);
}

function forget(names: Set<string>, name: string): boolean {
  return names.delete(name);
}

class Collections implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const method = envoy.getRequestHeaderValue(":method") ?? "";
    const host = envoy.getRequestHeaderValue("host") ?? "";
    const backend = backendFor(host);
    log.info(`${method} safe=${SAFE_METHODS.has(method)} size=${SAFE_METHODS.size} backend=${backend ? `${backend.cluster}/${backend.timeoutMs}` : "none"} empty=${EMPTY.size}`);
    log.info(`sets: ${[...SAFE_METHODS].join(",")} maps: ${[...BACKENDS.keys()].join(",")} ${WEIGHTS.get(404)} ${JSON.stringify([...WEIGHTS.entries()])}`);
    for (const [name, b] of BACKENDS) log.info(`${name} -> ${b.cluster}`);
    if (envoy.getRequestHeaderValue("fail") !== undefined) SAFE_METHODS.add(method); // uncaught: fails closed
    attempt("add", () => String(SAFE_METHODS.add(method).size));
    attempt("add empty", () => String(EMPTY.add(method).size));
    attempt("delete", () => String(SAFE_METHODS.delete("GET")));
    attempt("delete missing", () => String(SAFE_METHODS.delete("nope")));
    attempt("delete via helper", () => String(forget(SAFE_METHODS, "HEAD")));
    attempt("clear", () => String(SAFE_METHODS.clear()));
    attempt("map set", () => String(BACKENDS.set(host, { cluster: "x", timeoutMs: 1 }).size));
    attempt("map delete", () => String(BACKENDS.delete("api.example.com")));
    attempt("map clear", () => String(BACKENDS.clear()));
    attempt("value field", () => String((BACKENDS.get("api.example.com")!.timeoutMs = 5)));
    // A copy is the stream's own, and writable.
    const mine = new Set(SAFE_METHODS);
    mine.add(method);
    log.info(`copy: ${mine.size} table: ${SAFE_METHODS.size} ${[...SAFE_METHODS].join(",")} ${BACKENDS.size}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Collections());
