/**
 * Port of the upstream Rust example rust/src/http_random_auth.rs (envoyproxy/dynamic-modules-examples):
 * rejects about half of the requests, at random, with a 403 "Access forbidden" local reply; the
 * others pass unchanged. Same filter name (`random_auth`); no filter_config (any is ignored).
 *
 * `Math.random()` is the runtime's per-thread xorshift128+ (seeded per worker thread): not
 * cryptographic, as Rust's `rand::rng()` is not needed to be here.
 *
 *   npx tsc2envoy build examples/random_auth.ts -o out     # -> out/librandom_auth.so
 *   npx tsc2envoy run examples/random_auth.ts              # curl -i http://127.0.0.1:10000/ a few times
 */
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class RandomAuth implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    if (Math.random() < 0.5) {
      envoy.sendResponse(403, [], "Access forbidden");
      return RequestHeadersStatus.StopIteration;
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("random_auth", () => new RandomAuth());
