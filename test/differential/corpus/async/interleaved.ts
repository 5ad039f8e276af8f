// Two streams suspended at once, their events arriving in crossed order (the hosts' m line): each
// stream's timers and callouts (Promise.all groups too) resume its own hook, with its own
// instance, headers and bodies; a
// body hook holding chunks on one stream does not hold the other's; a stream destroyed while both
// wait takes only its own pending work with it. Timers due at the same time fire in the order they
// started, and one due exactly at the end of a wait fires within it (the hosts' virtual clock).
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, sleep } from "tsc2envoy";

class Crossed implements HttpFilter {
  id = "?";
  steps = 0;

  async wait(envoy: EnvoyHttpFilter, mode: string): Promise<string> {
    if (mode === "all") {
      const [, reply] = await Promise.all([sleep(Number(envoy.getRequestHeaderValue("x-ms") ?? "1")), envoy.httpCallout("auth", { method: "GET", path: `/all/${this.id}` })]);
      return `all ${reply.status}`;
    }
    if (mode === "callout") {
      const reply = await envoy.httpCallout("auth", { method: "GET", path: `/stream/${this.id}` });
      return `${reply.status} ${reply.body}`;
    }
    await sleep(Number(envoy.getRequestHeaderValue("x-ms") ?? "1"));
    return "slept";
  }

  async onRequestHeaders(envoy: EnvoyHttpFilter): Promise<RequestHeadersStatus> {
    const mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    this.id = envoy.getRequestHeaderValue("x-name") ?? "?";
    if (mode === "") return RequestHeadersStatus.Continue;
    log.info(`stream ${this.id} waits (${mode})`);
    const got = await this.wait(envoy, mode);
    this.steps++;
    log.info(`stream ${this.id} resumed: ${got}, path ${envoy.getRequestHeaderValue(":path") ?? "-"}`);
    envoy.setRequestHeader("x-resumed", `${this.id}:${got}`);
    return RequestHeadersStatus.Continue;
  }

  async onRequestBody(envoy: EnvoyHttpFilter, endOfStream: boolean): Promise<RequestBodyStatus> {
    this.steps++;
    log.info(`stream ${this.id} body step ${this.steps} eos=${endOfStream} received=${envoy.getReceivedRequestBodyText()}`);
    if (envoy.getRequestHeaderValue("x-body") === "wait") await sleep(Number(envoy.getRequestHeaderValue("x-ms") ?? "1"));
    return endOfStream ? RequestBodyStatus.Continue : RequestBodyStatus.StopIterationAndBuffer;
  }
}

registerHttpFilter("test", () => new Crossed());

// vector: {"filter":"test","streams":[],"interleaved":[{"stream":0,"hook":"new"},{"stream":1,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[[":path","/slow"],["x-mode","sleep"],["x-ms","40"],["x-name","r1"]],"endOfStream":true},{"stream":1,"hook":"request_headers","headers":[[":path","/fast"],["x-mode","sleep"],["x-ms","5"],["x-name","r2"]],"endOfStream":true},{"stream":0,"hook":"wait","ms":80},{"stream":0,"hook":"stream_complete"},{"stream":1,"hook":"stream_complete"},{"stream":1,"hook":"destroy"},{"stream":0,"hook":"destroy"}]}
// vector: {"filter":"test","streams":[],"interleaved":[{"stream":0,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[[":path","/a"],["x-mode","callout"],["x-name","r3"]],"endOfStream":true},{"stream":1,"hook":"new"},{"stream":1,"hook":"request_headers","headers":[[":path","/b"],["x-mode","callout"],["x-name","r4"]],"endOfStream":true},{"stream":1,"hook":"callout_done","id":2,"result":0,"headers":[[":status","202"]],"body":"second"},{"stream":1,"hook":"callout_done","id":1,"result":0,"headers":[[":status","201"]],"body":"first"},{"stream":1,"hook":"stream_complete"},{"stream":0,"hook":"stream_complete"}]}
// vector: {"filter":"test","streams":[],"interleaved":[{"stream":0,"hook":"new"},{"stream":1,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[[":path","/held"],["x-body","wait"],["x-ms","30"],["x-name","r5"]],"endOfStream":false},{"stream":1,"hook":"request_headers","headers":[[":path","/free"],["x-name","r6"]],"endOfStream":false},{"stream":0,"hook":"wait","ms":50},{"stream":0,"hook":"request_body","data":"a0","endOfStream":false},{"stream":1,"hook":"request_body","data":"b0","endOfStream":false},{"stream":0,"hook":"request_body","data":"a1","endOfStream":true},{"stream":1,"hook":"request_body","data":"b1","endOfStream":true},{"stream":0,"hook":"wait","ms":50},{"stream":0,"hook":"wait","ms":50}]}
// vector: {"filter":"test","streams":[],"interleaved":[{"stream":0,"hook":"new"},{"stream":1,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[["x-mode","callout"],["x-name","r7"]],"endOfStream":true},{"stream":1,"hook":"request_headers","headers":[["x-mode","callout"],["x-name","r8"]],"endOfStream":true},{"stream":0,"hook":"destroy"},{"stream":0,"hook":"callout_done","id":1,"result":0,"headers":[[":status","200"]]},{"stream":0,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[["x-mode","sleep"],["x-ms","5"],["x-name","r9"]],"endOfStream":true},{"stream":1,"hook":"callout_done","id":2,"result":1,"headers":[]},{"stream":0,"hook":"wait","ms":30},{"stream":2,"hook":"new"},{"stream":2,"hook":"request_headers","headers":[["x-mode","sleep"],["x-ms","100"],["x-name","r10"]],"endOfStream":true},{"stream":0,"hook":"stream_complete"}]}
// vector: {"filter":"test","streams":[],"interleaved":[{"stream":0,"hook":"new"},{"stream":1,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[["x-mode","all"],["x-ms","5"],["x-name","g1"]],"endOfStream":true},{"stream":1,"hook":"request_headers","headers":[["x-mode","all"],["x-ms","40"],["x-name","g2"]],"endOfStream":true},{"stream":1,"hook":"callout_done","id":2,"result":0,"headers":[[":status","202"]]},{"stream":0,"hook":"wait","ms":20},{"stream":0,"hook":"callout_done","id":1,"result":0,"headers":[[":status","201"]]},{"stream":0,"hook":"wait","ms":50},{"stream":0,"hook":"stream_complete"},{"stream":1,"hook":"stream_complete"}]}
// vector: {"filter":"test","streams":[],"interleaved":[{"stream":0,"hook":"new"},{"stream":1,"hook":"new"},{"stream":2,"hook":"new"},{"stream":1,"hook":"request_headers","headers":[["x-mode","sleep"],["x-ms","10"],["x-name","t1"]],"endOfStream":true},{"stream":0,"hook":"request_headers","headers":[["x-mode","sleep"],["x-ms","10"],["x-name","t2"]],"endOfStream":true},{"stream":2,"hook":"request_headers","headers":[["x-mode","sleep"],["x-ms","30"],["x-name","t3"]],"endOfStream":true},{"stream":0,"hook":"wait","ms":29},{"stream":0,"hook":"wait","ms":1},{"stream":0,"hook":"stream_complete"},{"stream":1,"hook":"stream_complete"},{"stream":2,"hook":"stream_complete"}]}
