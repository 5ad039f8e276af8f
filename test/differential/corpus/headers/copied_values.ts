// Values read from Envoy set on other headers: printable ASCII (remembered as a valid header value when read), a tab,
// UTF-8, DEL and control bytes (refused with Node's TypeError, every time), attributes; String() of integers inside
// and outside the small-integer cache (shared strings) set as headers and appended to; an uncaught refused copy fails
// the response closed.
// vector: {"filter":"test","streams":[{"attributes":{"SourceAddress":"10.0.0.1:4242","UpstreamAddress":"10.0.0.2:80","ResponseCode":200},"events":[{"hook":"request_headers","headers":[["x-plain","plain value"],["x-long","a longer printable value, 32+ bytes long"],["x-tab","a\tb"],["x-utf8","caf\u00e9 \u2713"],["x-del","a\u007fb"],["x-ctl","abcdefgh\u0001"],["x-empty",""],["x-latin1",{"hex":"e9"}],["x-multi","one"],["x-multi","tw\u00f6"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"stream_complete"}]},{"attributes":{"ResponseCode":503},"events":[{"hook":"request_headers","headers":[["x-plain","p"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","503"],["x-bad","ok\u001f"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { AttributeId, log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const NAMES = ["x-plain", "x-long", "x-tab", "x-utf8", "x-del", "x-ctl", "x-empty", "x-latin1", "x-absent"];

function failure(e: Error | undefined): string {
  return e ? `${e.name}: ${e.message}` : "?";
}

function copy(envoy: EnvoyHttpFilter, name: string, value: string): string {
  try {
    envoy.setRequestHeader(name, value);
    return `copied=${envoy.getRequestHeaderValue(name) === value}`;
  } catch (e) {
    return failure(e instanceof Error ? e : undefined);
  }
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    for (const name of NAMES) {
      const value = envoy.getRequestHeaderValue(name);
      if (value === undefined) {
        log.info(`${name}: absent`);
        continue;
      }
      // Twice: a check remembered (or not) on the string gives the same answer the second time.
      log.info(`${name}: ${copy(envoy, `${name}-copy`, value)}; again ${copy(envoy, `${name}-again`, value)}`);
    }
    const values = envoy.getRequestHeaderValues("x-multi");
    values.forEach((value, i) => log.info(`x-multi[${i}]: ${copy(envoy, `x-multi-${i}`, value)}`));
    for (const [name, value] of envoy.getRequestHeaders()) {
      if (name === "x-tab" || name === "x-utf8" || name === "x-plain") log.info(`pair ${name}: ${copy(envoy, `${name}-pair`, value)}`);
    }
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    const source = envoy.getAttributeString(AttributeId.SourceAddress);
    if (source !== undefined) envoy.setResponseHeader("x-source", source);
    const upstream = envoy.getAttributeString(AttributeId.UpstreamAddress);
    log.info(`source=${source ?? "-"} upstream=${upstream ?? "-"}`);
    const numbers = [0, 7, 200, 999, 1000, 1023, 1024, -1, -0, 65535, 1.5];
    numbers.forEach((n, i) => {
      const text = String(n);
      envoy.setResponseHeader(`x-n${i}`, text);
      let grown = String(n);
      grown += "!";
      grown += String(n);
      log.info(`${text} ${grown} ${String(n)} same=${text === String(n)} length=${text.length} header=${envoy.getResponseHeaderValue(`x-n${i}`) ?? "-"}`);
    });
    const code = envoy.getAttributeInt(AttributeId.ResponseCode);
    if (code !== undefined) envoy.setResponseHeader("x-code", String(code));
    log.info(`x-code=${envoy.getResponseHeaderValue("x-code") ?? "-"}`);
    // Not caught: a control byte in a value read from Envoy still fails the response closed.
    const bad = envoy.getResponseHeaderValue("x-bad");
    if (bad !== undefined) envoy.setResponseHeader("x-bad-copy", bad);
    log.info("response done");
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
