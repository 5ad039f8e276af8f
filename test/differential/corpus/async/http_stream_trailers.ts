// A streamed callout's response trailers: read after the body's end (going on at once), awaited
// before it (resumed by the trailers' event; the body stays readable after), null for a response
// without trailers (ended by a data chunk or by the headers), a reset before the end rejecting
// (the text before it still read), trailers kept through the module's own reset after the end,
// and a stream destroyed while a hook awaits its trailers.
import { EnvoyHttpFilter, Header, HttpFilter, log, registerHttpFilter, RequestHeadersStatus } from "tsc2envoy";

function show(trailers: Header[] | null): string {
  if (trailers === null) return "none";
  return trailers.map((t) => `${t[0]}=${t[1]}`).join(",");
}

class Trailers implements HttpFilter {
  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    const s = envoy.startHttpStream("side", { method: "POST", path: "/grpc", body: "ask", endStream: true });
    let failed = false;
    try {
      const head = await envoy.httpStreamHeaders(s);
      log.info(`status ${head.status}`);
      if (mode === "early") {
        const first = await envoy.httpStreamTrailers(s);
        log.info(`trailers first: ${show(first)}`);
      }
      let text = "";
      let chunk = await envoy.readHttpStream(s);
      while (chunk !== null) {
        text += chunk;
        chunk = await envoy.readHttpStream(s);
      }
      log.info(`body [${text}]`);
      if (mode === "own-reset") envoy.resetHttpStream(s);
      const trailers = await envoy.httpStreamTrailers(s);
      log.info(`trailers: ${show(trailers)}`);
      envoy.setRequestHeader("x-grpc-status", trailers?.find((t) => t[0] === "grpc-status")?.[1] ?? "none");
    } catch (e) {
      log.info(`caught ${(e as Error).name}: ${(e as Error).message}`);
      failed = true;
    }
    if (!failed) return RequestHeadersStatus.Continue;
    try {
      const rest = await envoy.readHttpStream(s);
      log.info(`then read [${rest ?? "null"}]`);
    } catch (again) {
      log.info(`then read: ${(again as Error).message}`);
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Trailers());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","after"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"headers","headers":[[":status","200"],["content-type","application/grpc"]],"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"one ","endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"two","endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"trailers","trailers":[["grpc-status","0"],["grpc-message","ok"]]}},{"hook":"http_stream","id":1,"event":{"kind":"complete"}},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","early"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"headers","headers":[[":status","200"]],"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"kept ","endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"unread","endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"trailers","trailers":[["grpc-status","7"]]}},{"hook":"http_stream","id":1,"event":{"kind":"complete"}},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","after"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"headers","headers":[[":status","200"]],"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"plain","endStream":true}},{"hook":"http_stream","id":1,"event":{"kind":"complete"}},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","early"]],"endOfStream":true},{"hook":"http_stream","id":2,"event":{"kind":"headers","headers":[[":status","204"]],"endStream":true}},{"hook":"http_stream","id":2,"event":{"kind":"complete"}},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","early"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"headers","headers":[[":status","200"]],"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"partial","endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"reset","reason":5}},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","after"]],"endOfStream":true},{"hook":"http_stream","id":2,"event":{"kind":"headers","headers":[[":status","200"]],"endStream":false}},{"hook":"http_stream","id":2,"event":{"kind":"data","data":"cut","endStream":false}},{"hook":"http_stream","id":2,"event":{"kind":"reset","reason":1}},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","own-reset"]],"endOfStream":true},{"hook":"http_stream","id":1,"event":{"kind":"headers","headers":[[":status","200"]],"endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"data","data":"all","endStream":false}},{"hook":"http_stream","id":1,"event":{"kind":"trailers","trailers":[["grpc-status","0"]]}},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","early"]],"endOfStream":true},{"hook":"http_stream","id":2,"event":{"kind":"headers","headers":[[":status","200"]],"endStream":false}},{"hook":"http_stream","id":2,"event":{"kind":"data","data":"never read","endStream":false}}]}]}
