/**
 * An HTTP filter for Envoy, compiled to native code by tsc2envoy: every request that goes
 * upstream gets a header from the config, and requests under a denied path prefix get a 403.
 *
 *   npm test                                                   # unit tests (filter.test.ts)
 *   npx tsc2envoy run filter.ts --config filter.config.json    # in Envoy, on http://127.0.0.1:10000
 *   npx tsc2envoy build filter.ts -o out                       # out/libfilter.so
 */
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

/** filter_config: Envoy rejects a config that does not match this type, naming what is wrong. */
interface Config {
  /** Set on every request that goes upstream, as [name, value]. */
  header: [string, string];
  /** Requests whose path starts with this get a 403 local reply. */
  deny_prefix: string;
}

/** One instance per request: fields are per-request state. */
class Filter implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    if (path.startsWith(this.config.deny_prefix)) {
      log.info(`denied ${path}`);
      envoy.sendResponse(403, [["content-type", "text/plain"]], "forbidden\n", "denied_by_filter");
      return RequestHeadersStatus.StopIteration;
    }
    const [name, value] = this.config.header;
    envoy.setRequestHeader(name, value);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("filter", (config: Config) => new Filter(config));
