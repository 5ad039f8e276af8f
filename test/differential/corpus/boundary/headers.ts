// Header names and values are checked before they reach Envoy, as Node's http.OutgoingMessage.setHeader checks them: CR, LF, NUL and other controls in values, non-token names (pseudo-headers allowed), caught and uncaught, on both paths and in local replies.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { units } from "../lib/units";

function attempt(label: string, f: () => boolean): void {
  try {
    log.info(`${label}: ok ${f()}`);
  } catch (e) {
    if (e instanceof TypeError) log.info(`${label}: TypeError | ${e.name} | ${JSON.stringify(e.message)} | ${String(e).length}`);
    else if (e instanceof Error) log.info(`${label}: other ${e.name}: ${e.message}`);
  }
}

function values(): string[] {
  return ["plain", "tab\there", "a\r\nset-cookie: session=attacker", "cr\r", "lf\n", "nul\u0000", "del\u007f", "bell\u0007", "esc\u001b[0m", "unit sep\u001f", "latin1 \u00ff", "c1 \u0085", "emoji 😀", "lone \ud800", ""];
}
function names(): string[] {
  return ["x-ok", "X-Mixed_Case.1~!#$%&'*+^`|", ":path", ":authority", ":status", ":PATH", ":custom", ":", "", "has space", "colon:inside", "x\r\ny", "nul\u0000", "quote\"", "é", "x\u007f", "(paren)", "x/y"];
}

/** Pseudo-headers become the request and status lines: their values have rules of their own. */
function pseudo(): [string, string][] {
  return [
    [":path", "/a/b?c=d"], [":path", "/a b"], [":path", "/a\tb"], [":path", ""], [":path", "/é"], [":authority", "example.com:8080"], [":authority", "a b"],
    [":method", "PATCH"], [":method", "GET X"], [":method", ""], [":method", "GÉT"], [":scheme", "https"], [":scheme", "ht tp"], [":protocol", "websocket"],
    [":status", "200"], [":status", "404"], [":status", "599"], [":status", "204"], [":status", "304"], [":status", "101"], [":status", "199"], [":status", "600"],
    [":status", "1000"], [":status", "20"], [":status", "abc"], [":status", ""], [":status", " 200"], [":status", "٢٠٠"],
  ];
}

class T implements HttpFilter {
  private mode = "";

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    this.mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    const echoed = envoy.getRequestHeaderValue("x-echo") ?? "";
    if (this.mode === "matrix") {
      values().forEach((v, i) => attempt(`set request value ${i}`, () => envoy.setRequestHeader("x-v", v)));
      values().forEach((v, i) => attempt(`add request value ${i}`, () => envoy.addRequestHeader("x-a", v)));
      names().forEach((n, i) => attempt(`set request name ${i}`, () => envoy.setRequestHeader(n, "v")));
      names().forEach((n, i) => attempt(`add request name ${i}`, () => envoy.addRequestHeader(n, "v")));
      pseudo().forEach(([n, v], i) => attempt(`pseudo ${i} ${n}=${JSON.stringify(v)}`, () => envoy.setRequestHeader(n, v)));
      // A bad name is reported before a bad value; the header map is untouched either way.
      attempt("both bad", () => envoy.setRequestHeader("bad name", "bad\nvalue"));
      log.info(`after: ${envoy.getRequestHeaderValues("x-v").map(units).join(" ")} | ${envoy.getRequestHeaders().length}`);
      attempt("remove with any name", () => envoy.removeRequestHeader("x\r\ny"));
    }
    if (this.mode === "echo-request") envoy.setRequestHeader("x-echo-back", echoed);
    if (this.mode === "reply") {
      try {
        envoy.sendResponse(403, [["x-ok", "fine"], ["x-echo", echoed]], "denied\n", "denied");
      } catch (e) {
        if (e instanceof Error) log.info(`reply refused: ${e.name}: ${JSON.stringify(e.message)}`);
        envoy.sendResponse(400, [["x-reason", "bad echo"]], "bad echo\n", "bad_echo");
      }
      return RequestHeadersStatus.StopIteration;
    }
    if (this.mode === "reply-bad-name") {
      envoy.sendResponse(403, [["x-ok", "fine"], ["bad name", "v"]], "denied\n", "denied");
      return RequestHeadersStatus.StopIteration;
    }
    log.info("request passed");
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    if (this.mode === "matrix") {
      values().forEach((v, i) => attempt(`set response value ${i}`, () => envoy.setResponseHeader("x-v", v)));
      names().forEach((n, i) => attempt(`add response name ${i}`, () => envoy.addResponseHeader(n, "v")));
    }
    if (this.mode === "echo-response") envoy.setResponseHeader("x-echo", envoy.getResponseHeaderValue("x-from-upstream") ?? "");
    if (this.mode === "status") envoy.setResponseHeader(":status", envoy.getResponseHeaderValue("x-status-to") ?? "");
    log.info("response passed");
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","matrix"],["x-v","old"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","echo-request"],["x-echo",{"hex":"610d0a7365742d636f6f6b69653a20783d31"}]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","echo-request"],["x-echo","fine value"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","echo-response"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"],["x-from-upstream",{"hex":"6f6b0a7365742d636f6f6b69653a20783d31"}]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","echo-response"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"],["x-from-upstream",{"hex":"6f6b00"}]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","reply"],["x-echo",{"hex":"610d0a7365742d636f6f6b69653a20783d31"}]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","reply"],["x-echo","clean"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","reply-bad-name"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","status"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"],["x-status-to","404"]],"endOfStream":false},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","status"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"],["x-status-to","204"]],"endOfStream":false},{"hook":"stream_complete"}]}]}
