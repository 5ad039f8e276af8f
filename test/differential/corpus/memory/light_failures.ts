// Failures of light streams, which are all one read-only stream of their config
// (runtime-c/failed_streams.c keeps which failed): a stream that failed runs no more filter code, its
// hooks arriving between another live stream's; the other stream runs all of its own; a failed stream
// destroyed without its completion leaves nothing behind for the next stream created in its place
// (the hosts' stream slots keep their Envoy pointer); a failure on the response path resets only its
// stream, and completions are counted once per stream that did not fail.
// vector: {"filter":"light","config":"{\"tag\":\"t\"}","streams":[],"interleaved":[{"stream":0,"hook":"new"},{"stream":1,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[[":path","/throw/a"]],"endOfStream":false},{"stream":1,"hook":"request_headers","headers":[[":path","/ok/b"]],"endOfStream":false},{"stream":0,"hook":"request_body","data":"zero","endOfStream":true},{"stream":1,"hook":"request_body","data":"one","endOfStream":true},{"stream":0,"hook":"response_headers","headers":[[":status","500"]],"endOfStream":true},{"stream":1,"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"stream":0,"hook":"destroy"},{"stream":0,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[[":path","/ok/c"]],"endOfStream":true},{"stream":0,"hook":"response_headers","headers":[[":status","201"]],"endOfStream":true},{"stream":0,"hook":"stream_complete"},{"stream":1,"hook":"stream_complete"}]}
// vector: {"filter":"light","config":"{\"tag\":\"u\"}","streams":[],"interleaved":[{"stream":0,"hook":"new"},{"stream":1,"hook":"new"},{"stream":2,"hook":"new"},{"stream":0,"hook":"request_headers","headers":[[":path","/ok/d"]],"endOfStream":true},{"stream":1,"hook":"request_headers","headers":[[":path","/throw/e"]],"endOfStream":true},{"stream":2,"hook":"request_headers","headers":[[":path","/ok/f"]],"endOfStream":true},{"stream":0,"hook":"response_headers","headers":[[":status","200"],["x-throw","1"]],"endOfStream":false},{"stream":2,"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"stream":0,"hook":"response_body","data":"after the reset","endOfStream":true},{"stream":1,"hook":"response_headers","headers":[[":status","500"]],"endOfStream":true},{"stream":2,"hook":"response_body","data":"body","endOfStream":true},{"stream":0,"hook":"stream_complete"},{"stream":1,"hook":"stream_complete"},{"stream":2,"hook":"stream_complete"},{"stream":1,"hook":"destroy"},{"stream":1,"hook":"new"},{"stream":1,"hook":"request_headers","headers":[[":path","/ok/g"]],"endOfStream":true},{"stream":1,"hook":"stream_complete"}]}
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseBodyStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface LightConfig {
  tag: string;
}

class Light implements HttpFilter {
  constructor(private readonly config: LightConfig) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "";
    const parts = path.split("/").filter((part) => part.length > 0);
    if (parts[0] === "throw") throw new Error(`thrown at ${parts.join(",")}-${this.config.tag}`);
    envoy.setRequestHeader("x-light", `${parts.join("+")}-${this.config.tag}`);
    log.info(`request headers ${path}`);
    return RequestHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    log.info(`request body end=${end}: ${envoy.getRequestHeaderValue(":path") ?? "-"}`);
    return RequestBodyStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    const status = envoy.getResponseHeaderValue(":status") ?? "";
    if (envoy.getResponseHeaderValue("x-throw") !== undefined) throw new Error(`response ${status} thrown`);
    envoy.setResponseHeader("x-light", `${status}-${this.config.tag}`);
    log.info(`response headers ${status}`);
    return ResponseHeadersStatus.Continue;
  }

  onResponseBody(envoy: EnvoyHttpFilter, end: boolean): ResponseBodyStatus {
    log.info(`response body end=${end}: ${envoy.getResponseHeaderValue(":status") ?? "-"}`);
    return ResponseBodyStatus.Continue;
  }

  onStreamComplete(envoy: EnvoyHttpFilter): void {
    log.info(`complete ${envoy.getRequestHeaderValue(":path") ?? "-"}`);
  }
}

registerHttpFilter("light", (config: LightConfig) => new Light(config));
