/**
 * Port of the upstream Go example go/delay.go (envoyproxy/dynamic-modules-examples): a request with
 * a `do-delay` header is held for two seconds, then goes upstream with `delay-filter-on-scheduled:
 * yes`; its response carries `x-delay-filter-lapsed`, the time held ("2.001s"). Other requests pass.
 *
 * Upstream starts a goroutine that sleeps and commits an event to the filter's scheduler; here the
 * hook is async and awaits `sleep(2000)`: the compiler turns it into a state machine, Envoy holds the
 * stream meanwhile, and the hook goes on where it waited (docs/async.md).
 *
 *   filter_name: delay          (no filter_config)
 *
 *   npx tsc2envoy run examples/delay.ts
 *   curl -i -H 'do-delay: true' http://127.0.0.1:10000/headers     # after 2 s; x-delay-filter-lapsed: 2.00…s
 */
import { registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, sleep, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Delay implements HttpFilter {
  private lapsedMs = 0;

  async onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): Promise<RequestHeadersStatus> {
    if (envoy.getRequestHeaderValue("do-delay") === undefined) return RequestHeadersStatus.Continue;
    const start = performance.now();
    await sleep(2000);
    this.lapsedMs = performance.now() - start;
    envoy.setRequestHeader("delay-filter-on-scheduled", "yes");
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    if (this.lapsedMs > 0) envoy.setResponseHeader("x-delay-filter-lapsed", `${(this.lapsedMs / 1000).toFixed(3)}s`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("delay", () => new Delay());
