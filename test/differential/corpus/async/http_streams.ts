// Streamed HTTP callouts: the request body sent in pieces, the response's headers and body read with
// awaits that resume as Envoy's events arrive (or go on at once when they arrived before), chunks
// that arrived together read as one, a UTF-8 character split across chunks kept whole, the end
// (null), a reset rejecting after the text read before it, a refused start, the module's own
// reset, a stream used from a later hook, and a stream destroyed while a hook awaits its body.
import { EnvoyHttpFilter, HttpFilter, HttpStream, log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus } from "tsc2envoy";

class Streams implements HttpFilter {
  side: HttpStream | undefined = undefined;

  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    if (mode === "refused") {
      try {
        envoy.startHttpStream("missing", { method: "GET", path: "/" });
      } catch (e) {
        log.info(`refused: ${(e as Error).name}: ${(e as Error).message}`);
      }
      return RequestHeadersStatus.Continue;
    }
    const s = envoy.startHttpStream("side", { method: "POST", path: "/enrich", headers: [["x-a", "1"]], body: "first", timeoutMs: 250 });
    log.info(`sent ${envoy.sendHttpStreamData(s, "-second", false)} ${envoy.sendHttpStreamTrailers(s, [["x-t", "t"]])}`);
    if (mode === "later") {
      this.side = s;
      return RequestHeadersStatus.Continue;
    }
    if (mode === "self-reset") {
      envoy.resetHttpStream(s);
      log.info(`after reset: send ${envoy.sendHttpStreamData(s, "x", true)}`);
      try {
        await envoy.readHttpStream(s);
      } catch (e) {
        log.info(`read: ${(e as Error).message}`);
      }
      return RequestHeadersStatus.Continue;
    }
    try {
      const head = await envoy.httpStreamHeaders(s);
      log.info(`status ${head.status} ${head.headers.length}`);
      let text = "";
      let chunk = await envoy.readHttpStream(s);
      while (chunk !== null) {
        log.info(`chunk [${chunk}]`);
        text += chunk;
        chunk = await envoy.readHttpStream(s);
      }
      envoy.setRequestHeader("x-enriched", text);
    } catch (e) {
      log.info(`caught ${(e as Error).name}: ${(e as Error).message}`);
    }
    return RequestHeadersStatus.Continue;
  }

  async onResponseHeaders(envoy: EnvoyHttpFilter): Promise<ResponseHeadersStatus> {
    const s = this.side;
    if (s === undefined) return ResponseHeadersStatus.Continue;
    const head = await envoy.httpStreamHeaders(s);
    const body = await envoy.readHttpStream(s);
    envoy.setResponseHeader("x-side", `${head.status} ${body ?? "none"}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Streams());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","read"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"headers","headers":[[":status","200"],["x-b","2"]],"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"one ","endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":{"hex":"e282"},"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":{"hex":"ac2074776f"},"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"trailers","trailers":[["x-end","1"]]}},{"hook":"http_stream","id":1,"event":{"kind":"complete"}},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","reset"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"headers","headers":[[":status","200"]],"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"partial","endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"reset","reason":1}},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","refused"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","self-reset"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","later"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"headers","headers":[[":status","201"]],"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"early","endStream":false}},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"complete"}},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","read"]],"endOfStream":true},{"hook":"http_stream","id":2,"event":{"kind":"headers","headers":[[":status","200"]],"endStream":false}}]},{"events":[{"hook":"request_headers","headers":[["x-mode","reset"]],"endOfStream":true},{"hook":"http_stream","id":3,"event":{"kind":"reset","reason":5}},{"hook":"stream_complete"}]}]}
