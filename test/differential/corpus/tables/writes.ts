// Module-level const tables are deep-frozen: each write through any reference throws V8's TypeError, in Node (the reference freezes them) as in the module; the next stream sees the table unchanged.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x","one"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x","two"],["fail","1"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x","three"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { attempt } from "../lib/attempt";

interface Entry {
  name: string;
  count: number;
  note?: string;
}

const NAMES: string[] = ["a", "b", "c"];
const ENTRIES: Entry[] = [{ name: "x", count: 1 }];
const NESTED = { inner: { list: [1, 2, 3] }, label: "n" };

function bump(entry: Entry): number {
  entry.count += 1;
  return entry.count;
}

function append(xs: string[], x: string): number {
  return xs.push(x);
}

class Writes implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const value = envoy.getRequestHeaderValue("x") ?? "none";
    log.info(`before: ${JSON.stringify(NAMES)} ${JSON.stringify(ENTRIES)} ${JSON.stringify(NESTED)}`);
    if (envoy.getRequestHeaderValue("fail") !== undefined) NAMES.push(value); // uncaught: fails closed
    attempt("push", () => String(NAMES.push(value)));
    attempt("push via helper", () => String(append(NAMES, value)));
    attempt("element", () => (NAMES[0] = value));
    attempt("element past end", () => (NAMES[5] = value));
    attempt("pop", () => String(NAMES.pop()));
    attempt("sort", () => String(NAMES.sort()));
    attempt("reverse", () => String(NAMES.reverse()));
    attempt("length", () => String((NAMES.length = 0)));
    attempt("field", () => (ENTRIES[0]!.name = value));
    attempt("field via helper", () => String(bump(ENTRIES[0]!)));
    attempt("optional field", () => (ENTRIES[0]!.note = value));
    attempt("nested array", () => String(NESTED.inner.list.push(4)));
    attempt("nested element", () => String((NESTED.inner.list[1] = 9)));
    attempt("nested field", () => (NESTED.label = value));
    const alias = NESTED.inner;
    attempt("alias", () => String((alias.list = [])));
    const copy = { ...NESTED, label: value };
    log.info(`copy: ${JSON.stringify(copy)}`);
    log.info(`after: ${JSON.stringify(NAMES)} ${JSON.stringify(ENTRIES)} ${JSON.stringify(NESTED)}`);
    envoy.setRequestHeader("x-tables", `${NAMES.join(",")};${ENTRIES[0]!.name}=${ENTRIES[0]!.count};${NESTED.inner.list.join(",")};${NESTED.label}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Writes());
