// Trailers both ways (get/values/all/set/add/remove, pseudo-header names refused), route cache clearing, bool and time attributes, trailer hooks' statuses and failures.
import { AttributeId, log, registerHttpFilter, RequestHeadersStatus, RequestTrailersStatus, ResponseTrailersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private mode = "";

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    this.mode = envoy.getRequestHeaderValue("x-mode") ?? "";
    log.info(`early trailer set=${String(envoy.setRequestTrailer("x-early", "1"))} add=${String(envoy.addResponseTrailer("x-early", "1"))} remove=${String(envoy.removeRequestTrailer("x-early"))}`);
    if (this.mode === "canary") envoy.clearRouteCache();
    if (this.mode === "cluster") envoy.clearRouteClusterCache();
    const mtls = envoy.getAttributeBool(AttributeId.ConnectionMtls);
    const hc = envoy.getAttributeBool(AttributeId.HealthCheck);
    log.info(`mtls=${String(mtls)} hc=${String(hc)} path=${String(envoy.getAttributeBool(AttributeId.RequestPath))}`);
    const start = envoy.getAttributeTime(AttributeId.RequestTime);
    const duration = envoy.getAttributeTime(AttributeId.RequestDuration);
    const latency = envoy.getAttributeTime(AttributeId.ResponseBackendLatency);
    log.info(`start=${String(start)} duration=${String(duration)} latency=${String(latency)} other=${String(envoy.getAttributeTime(AttributeId.RequestPath))}`);
    return RequestHeadersStatus.Continue;
  }

  onRequestTrailers(envoy: EnvoyHttpFilter): RequestTrailersStatus {
    log.info(`first=${envoy.getRequestTrailerValue("X-Sum") ?? "none"} all=${envoy.getRequestTrailerValues("x-sum").join("|")} n=${envoy.getRequestTrailers().length}`);
    envoy.setRequestTrailer("x-sum", "replaced");
    envoy.addRequestTrailer("x-extra", "é");
    envoy.removeRequestTrailer("x-gone");
    try {
      envoy.setRequestTrailer(":path", "/x");
    } catch (e) {
      log.info(`refused: ${(e as Error).message}`);
    }
    try {
      envoy.addRequestTrailer("x-bad", "a\nb");
    } catch (e) {
      log.info(`refused: ${(e as Error).message}`);
    }
    if (this.mode === "throw-request") throw new Error("bad request trailer");
    return this.mode === "stop" ? RequestTrailersStatus.StopIteration : RequestTrailersStatus.Continue;
  }

  onResponseTrailers(envoy: EnvoyHttpFilter): ResponseTrailersStatus {
    for (const [name, value] of envoy.getResponseTrailers()) log.info(`response trailer ${name}=${value}`);
    envoy.setResponseTrailer("grpc-message", envoy.getResponseTrailerValue("grpc-status") ?? "none");
    envoy.addResponseTrailer("x-count", String(envoy.getResponseTrailerValues("x-many").length));
    envoy.removeResponseTrailer("x-many");
    if (this.mode === "throw-response") throw new RangeError("bad response trailer");
    if (this.mode === "bad-status") return 7 as ResponseTrailersStatus;
    return ResponseTrailersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","logLevel":0,"streams":[{"attributes":{"HealthCheck":false,"ConnectionMtls":true},"times":{"RequestTime":"1764950400123456789","RequestDuration":"2500001","ResponseBackendLatency":"1234567"},"events":[{"hook":"request_headers","headers":[["x-mode","canary"]],"endOfStream":false},{"hook":"request_trailers","trailers":[["x-sum","1"],["X-Sum","2"],["x-gone","g"]]},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_trailers","trailers":[["grpc-status","0"],["x-many","a"],["x-many","b"]]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","cluster"]],"endOfStream":false},{"hook":"request_trailers","trailers":[]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","stop"]],"endOfStream":false},{"hook":"request_trailers","trailers":[["x-sum","s"]]}]},{"events":[{"hook":"request_headers","headers":[["x-mode","throw-request"]],"endOfStream":false},{"hook":"request_trailers","trailers":[["x-sum","t"]]},{"hook":"response_trailers","trailers":[["x","y"]]},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[["x-mode","throw-response"]],"endOfStream":false},{"hook":"response_headers","headers":[[":status","200"]],"endOfStream":false},{"hook":"response_trailers","trailers":[["grpc-status","2"]]}]},{"events":[{"hook":"request_headers","headers":[["x-mode","bad-status"]],"endOfStream":false},{"hook":"response_trailers","trailers":[]}]}]}
