// envoy.httpCallout awaited in sequence, in a loop and inside try/catch: the response decodes into
// HttpCalloutResponse (status, headers, body); a reset rejects with an HttpCalloutError the hook
// catches; an uncaught one fails the stream closed after the wait; a cluster Envoy does not have
// throws at the await; a callout and a sleep in one hook.
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestHeadersStatus, sleep } from "tsc2envoy";

class Calls implements HttpFilter {
  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    const first = await envoy.httpCallout("auth", { method: "POST", path: "/first", headers: [["x-mode", mode]], body: `mode=${mode}`, timeoutMs: 250 });
    log.info(`first ${first.status} ${first.headers.length} ${JSON.stringify(first.body)}`);
    for (const [name, value] of first.headers) log.info(`header ${name}=${value}`);
    let total = 0;
    for (let i = 0; i < 2; i++) {
      try {
        const next = await envoy.httpCallout("auth", { method: "GET", path: `/loop/${i}` });
        total += next.status;
      } catch (e) {
        log.info(`loop ${i}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    await sleep(2);
    log.info(`total ${total}`);
    if (mode === "missing") {
      try {
        await envoy.httpCallout("missing", { method: "GET", path: "/" });
      } catch (e) {
        log.info(`caught ${(e as Error).message}`);
      }
    }
    if (mode === "uncaught") await envoy.httpCallout("auth", { method: "GET", path: "/last" });
    envoy.setRequestHeader("x-total", String(total));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Calls());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","a\"b"]],"endOfStream":true},{"hook":"callout_done","id":1,"result":0,"headers":[[":status","200"],["x-one","1"]],"body":"hello \"json\"\n\u0001"},{"hook":"callout_done","id":2,"result":0,"headers":[[":status","204"]]},{"hook":"callout_done","id":3,"result":1,"headers":[]},{"hook":"wait","ms":80},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","missing"]],"endOfStream":true},{"hook":"callout_done","id":1,"result":2,"headers":[]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","missing"]],"endOfStream":true},{"hook":"callout_done","id":2,"result":0,"headers":[[":status","200"]],"body":"ok"},{"hook":"callout_done","id":3,"result":0,"headers":[[":status","201"]]},{"hook":"callout_done","id":4,"result":0,"headers":[[":status","202"]]},{"hook":"wait","ms":80},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","uncaught"]],"endOfStream":true},{"hook":"callout_done","id":5,"result":0,"headers":[[":status","200"]]},{"hook":"callout_done","id":6,"result":0,"headers":[[":status","200"]]},{"hook":"callout_done","id":7,"result":0,"headers":[[":status","200"]]},{"hook":"wait","ms":80},{"hook":"callout_done","id":8,"result":1,"headers":[]},{"hook":"stream_complete"}]}]}
