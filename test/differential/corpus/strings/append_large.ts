// Strings built one character at a time (test/native/string-append-memory.test.ts runs it under memory
// limits): literal, indexed, charAt, fromCharCode and wide pieces; x-chars says how many.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-chars","3000"],["x-how","index"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-chars","3000"],["x-how","code"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-chars","3000"],["x-how","wide"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-chars","20000"],["x-how","number"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-chars","1048576"],["x-how","literal"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-chars","1048576"],["x-how","index"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function build(n: number, how: string): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    if (how === "literal") s += "x";
    else if (how === "index") s += ALPHABET[i % 36] ?? "";
    else if (how === "code") s += String.fromCharCode(97 + (i % 26));
    else if (how === "wide") s += i % 7 === 0 ? "é" : ALPHABET.charAt(i % 36);
    else s += String(i % 10);
  }
  return s;
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const n = Number(envoy.getRequestHeaderValue("x-chars") ?? "100");
    const how = envoy.getRequestHeaderValue("x-how") ?? "literal";
    const s = build(n, how);
    let sum = 0;
    for (let i = 0; i < s.length; i += 997) sum = (sum * 31 + s.charCodeAt(i)) % 1000003;
    log.info(`${how}: ${s.length} ${sum} ${s.slice(0, 8)} ${s.slice(-8)}`);
    envoy.setRequestHeader("x-built-length", String(s.length));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
