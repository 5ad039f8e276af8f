// await Promise.all over callouts and sleeps: every element starts before the function waits (all
// callouts pending at once), the results come in the array's order whatever order they complete
// in, the first rejection rejects (the others' late completions are dropped and resume nothing), a
// callout that cannot start rejects at the await after the later elements started, and a group
// inside the filter's own async method.
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestHeadersStatus, sleep } from "tsc2envoy";

class All implements HttpFilter {
  async both(envoy: EnvoyHttpFilter): Promise<string> {
    const [x, y] = await Promise.all([envoy.httpCallout("auth", { method: "GET", path: "/x" }), envoy.httpCallout("auth", { method: "GET", path: "/y" })]);
    return `${x.body}+${y.body}`;
  }

  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    if (mode === "sleeps") {
      await Promise.all([sleep(20), sleep(5), sleep(10)]);
      log.info("slept");
      await Promise.all([sleep(3), envoy.httpCallout("auth", { method: "POST", path: "/mixed", body: "m" })]);
      log.info("mixed done");
      return RequestHeadersStatus.Continue;
    }
    if (mode === "order") {
      const [a, b, c] = await Promise.all([
        envoy.httpCallout("auth", { method: "GET", path: "/a" }),
        envoy.httpCallout("auth", { method: "GET", path: "/b" }),
        envoy.httpCallout("auth", { method: "GET", path: "/c" }),
      ]);
      log.info(`order ${a.status} ${b.status} ${c.status} ${a.body}${b.body}${c.body}`);
      const all = await Promise.all([envoy.httpCallout("auth", { method: "GET", path: "/d" })]);
      log.info(`one ${all.length} ${all[0]!.status}`);
      const joined = await this.both(envoy);
      log.info(`both ${joined}`);
      return RequestHeadersStatus.Continue;
    }
    try {
      await Promise.all([
        envoy.httpCallout("auth", { method: "GET", path: "/1" }),
        envoy.httpCallout(mode === "refused" ? "missing" : "auth", { method: "GET", path: "/2" }),
        envoy.httpCallout("auth", { method: "GET", path: "/3" }),
      ]);
      log.info("all fine");
    } catch (e) {
      log.info(`rejected: ${(e as Error).name}: ${(e as Error).message}`);
    }
    await sleep(5);
    log.info(`after (${mode})`);
    if (mode === "uncaught") await Promise.all([sleep(1), envoy.httpCallout("auth", { method: "GET", path: "/last" })]);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new All());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","sleeps"]],"endOfStream":true},{"hook":"wait","ms":60},{"hook":"callout_done","id":1,"result":0,"headers":[[":status","200"]]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","order"]],"endOfStream":true},{"hook":"callout_done","id":4,"result":0,"headers":[[":status","203"]],"body":"C"},{"hook":"callout_done","id":2,"result":0,"headers":[[":status","201"]],"body":"A"},{"hook":"callout_done","id":3,"result":0,"headers":[[":status","202"]],"body":"B"},{"hook":"callout_done","id":5,"result":0,"headers":[[":status","204"]]},{"hook":"callout_done","id":7,"result":0,"headers":[[":status","200"]],"body":"Y"},{"hook":"callout_done","id":6,"result":0,"headers":[[":status","200"]],"body":"X"},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-mode","reject"]],"endOfStream":true},{"hook":"callout_done","id":2,"result":1,"headers":[]},{"hook":"callout_done","id":1,"result":0,"headers":[[":status","200"]]},{"hook":"wait","ms":30},{"hook":"callout_done","id":3,"result":0,"headers":[[":status","200"]]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","refused"]],"endOfStream":true},{"hook":"wait","ms":30},{"hook":"callout_done","id":4,"result":0,"headers":[[":status","200"]]},{"hook":"callout_done","id":5,"result":0,"headers":[[":status","200"]]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","uncaught"]],"endOfStream":true},{"hook":"callout_done","id":6,"result":0,"headers":[[":status","200"]]},{"hook":"callout_done","id":7,"result":0,"headers":[[":status","200"]]},{"hook":"callout_done","id":8,"result":0,"headers":[[":status","200"]]},{"hook":"wait","ms":30},{"hook":"callout_done","id":9,"result":2,"headers":[]},{"hook":"wait","ms":10},{"hook":"stream_complete"}]}]}
