// Dynamic metadata (string, number, bool; missing keys and other types read undefined), filter state, the buffer limit, integer socket options, and their checks.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, SocketDirection, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class M implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    log.info(`before: ${String(envoy.getDynamicMetadataString("ns", "user"))} ${String(envoy.getFilterState("k"))} ${String(envoy.hasFilterState("k"))}`);
    envoy.setDynamicMetadataString("ns", "user", envoy.getRequestHeaderValue("x-user") ?? "anonymous");
    envoy.setDynamicMetadataNumber("ns", "score", 0.1 + 0.2);
    envoy.setDynamicMetadataNumber("ns", "big", -1e300);
    envoy.setDynamicMetadataBool("ns", "admin", true);
    envoy.setDynamicMetadataString("other", "é", "ü\u0000x");
    envoy.setDynamicMetadataNumber("ns", "user2", 5);
    envoy.setDynamicMetadataString("ns", "user2", "replaced");
    log.info(`user=${String(envoy.getDynamicMetadataString("ns", "user"))} score=${String(envoy.getDynamicMetadataNumber("ns", "score"))} admin=${String(envoy.getDynamicMetadataBool("ns", "admin"))}`);
    log.info(`wrong type: ${String(envoy.getDynamicMetadataNumber("ns", "user"))} ${String(envoy.getDynamicMetadataBool("ns", "score"))} ${String(envoy.getDynamicMetadataString("ns", "admin"))}`);
    log.info(`missing: ${String(envoy.getDynamicMetadataString("nope", "user"))} ${String(envoy.getDynamicMetadataString("ns", "nope"))} user2=${String(envoy.getDynamicMetadataString("ns", "user2"))} ${String(envoy.getDynamicMetadataNumber("ns", "user2"))}`);
    log.info(`other=${JSON.stringify(envoy.getDynamicMetadataString("other", "é") ?? null)} big=${String(envoy.getDynamicMetadataNumber("ns", "big"))}`);
    log.info(`set state: ${String(envoy.setFilterState("k", "v1"))} ${String(envoy.setFilterState("k", "v2 ✓"))}`);
    log.info(`state: ${String(envoy.getFilterState("k"))} has=${String(envoy.hasFilterState("k"))} missing=${String(envoy.getFilterState("nope"))} ${String(envoy.hasFilterState("nope"))}`);
    const limit = envoy.getBufferLimit();
    envoy.setBufferLimit(limit * 2);
    log.info(`limit ${limit} -> ${envoy.getBufferLimit()}`);
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53]) {
      try {
        envoy.setBufferLimit(bad);
        log.info(`accepted ${bad}`);
      } catch (e) {
        log.info(`${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    envoy.setBufferLimit(0);
    log.info(`keepalive before: ${String(envoy.getSocketOptionInt(SocketDirection.Downstream, 1, 9))}`);
    log.info(`set: ${String(envoy.setSocketOptionInt(SocketDirection.Downstream, 1, 9, 1))} ${String(envoy.setSocketOptionInt(SocketDirection.Upstream, 6, 1, -7))}`);
    log.info(`after: ${String(envoy.getSocketOptionInt(SocketDirection.Downstream, 1, 9))} ${String(envoy.getSocketOptionInt(SocketDirection.Upstream, 6, 1))} ${String(envoy.getSocketOptionInt(SocketDirection.Upstream, 1, 9))}`);
    for (const bad of [0.5, NaN, 2 ** 53]) {
      try {
        envoy.setSocketOptionInt(SocketDirection.Downstream, 1, bad, 1);
      } catch (e) {
        log.info(`${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-user", envoy.getDynamicMetadataString("ns", "user") ?? "none");
    envoy.setResponseHeader("x-state", envoy.getFilterState("k") ?? "none");
    log.info(`limit ${envoy.getBufferLimit()}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new M());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/"],["x-user","ann"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/"]],"endOfStream":true},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":true}]}]}
