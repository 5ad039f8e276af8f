// Shared counters (issue 11) from HTTP streams: defineSharedCounter in the config stage,
// addSharedCounter's new values across streams of one config, a metric's handle refused (TypeError)
// and a fractional delta (RangeError), in Node and in the module alike.
// vector: {"filter":"shared_http","config":"","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/a"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/errors"]],"endOfStream":true}]},{"events":[{"hook":"request_headers","headers":[[":path","/b"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type Counter, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter, type SharedCounter } from "tsc2envoy";

class Shared implements HttpFilter {
  constructor(
    private readonly requests: Counter,
    private readonly open: SharedCounter,
  ) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    envoy.incrementCounter(this.requests);
    log.info(`open ${envoy.addSharedCounter(this.open, 1)}`);
    if (envoy.getRequestHeaderValue(":path") === "/errors") {
      try {
        envoy.addSharedCounter(0 as SharedCounter, 1);
      } catch (e) {
        if (e instanceof TypeError) log.info(`metric handle: ${e.message}`);
      }
      try {
        envoy.addSharedCounter(this.open, 0.25);
      } catch (e) {
        if (e instanceof RangeError) log.info(`fraction: ${e.message}`);
      }
    }
    return RequestHeadersStatus.Continue;
  }

  onStreamComplete(envoy: EnvoyHttpFilter): void {
    log.info(`left ${envoy.addSharedCounter(this.open, -1)}`);
  }
}

registerHttpFilter("shared_http", (_config: string, envoy: EnvoyFilterConfig) => {
  const requests = envoy.defineCounter("shared_http_requests");
  const open = envoy.defineSharedCounter();
  return () => new Shared(requests, open);
});
