// An HTTP filter that numbers the requests of its config across Envoy's workers with a shared
// counter (issue 11; test/e2e/shared-counter.test.ts): x-count is this request's number, x-worker its worker.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter, type SharedCounter } from "tsc2envoy";

class Numbered implements HttpFilter {
  constructor(private readonly seen: SharedCounter) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const count = envoy.addSharedCounter(this.seen, 1);
    envoy.sendResponse(200, [["x-count", String(count)], ["x-worker", String(envoy.getWorkerIndex())]], "ok\n");
    return RequestHeadersStatus.StopIteration;
  }
}

registerHttpFilter("numbered", (_config: string, envoy: EnvoyFilterConfig) => {
  const seen = envoy.defineSharedCounter();
  return () => new Numbered(seen);
});
