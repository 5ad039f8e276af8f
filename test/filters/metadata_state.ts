/**
 * Issue 9's stream data in the real Envoy (test/e2e/metadata-state.test.ts): `metadata_writer`
 * sets dynamic metadata and filter state and changes the buffer limit; `metadata_reader`, later in
 * the chain, reads what the writer set and answers it in response headers. Envoy's own formatters
 * (%DYNAMIC_METADATA%, %FILTER_STATE%) read the same values.
 */
import { registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, ResponseHeadersStatus, SocketDirection, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Writer implements HttpFilter {
  private buffering = false;

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const user = envoy.getRequestHeaderValue("x-user") ?? "anonymous";
    envoy.setDynamicMetadataString("tse", "user", user);
    envoy.setDynamicMetadataNumber("tse", "score", user.length + 0.5);
    envoy.setDynamicMetadataBool("tse", "admin", user === "root");
    try {
      envoy.setDynamicMetadataStruct("tse.struct", { plan: user === "root" ? "gold" : "basic", quota: { rps: user.length * 10, tags: ["a", user] }, on: true });
    } catch (e) {
      envoy.setRequestHeader("x-struct-error", (e as Error).message); // modules built for 1.38 and 1.39
    }
    const first = envoy.setFilterState("tse.user", user);
    const again = envoy.setFilterState("tse.user", `${user}!`);
    envoy.setRequestHeader("x-state-set", `${String(first)},${String(again)}`);
    envoy.setRequestHeader("x-buffer-limit-before", String(envoy.getBufferLimit()));
    const limit = envoy.getRequestHeaderValue("x-buffer-limit");
    if (limit !== undefined) {
      envoy.setBufferLimit(Number(limit));
      this.buffering = true;
    }
    envoy.setRequestHeader("x-buffer-limit-after", String(envoy.getBufferLimit()));
    // SOL_SOCKET (1): SO_KEEPALIVE (9) set on the client's connection; SO_RCVBUF (8) never set.
    const before = envoy.getSocketOptionInt(SocketDirection.Downstream, 1, 9);
    const set = envoy.setSocketOptionInt(SocketDirection.Downstream, 1, 9, 1);
    const after = envoy.getSocketOptionInt(SocketDirection.Downstream, 1, 9);
    const unset = envoy.getSocketOptionInt(SocketDirection.Downstream, 1, 8);
    envoy.setRequestHeader("x-socket", `${String(before)};${String(set)};${String(after)};${String(unset)}`);
    return RequestHeadersStatus.Continue;
  }

  onRequestBody(_envoy: EnvoyHttpFilter, endOfStream: boolean): RequestBodyStatus {
    // Buffers the whole body: past the buffer limit Envoy answers 413.
    return this.buffering && !endOfStream ? RequestBodyStatus.StopIterationAndBuffer : RequestBodyStatus.Continue;
  }
}

class Reader implements HttpFilter {
  private seen = "";
  private plan = "";

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const user = envoy.getDynamicMetadataString("tse", "user");
    const score = envoy.getDynamicMetadataNumber("tse", "score");
    const admin = envoy.getDynamicMetadataBool("tse", "admin");
    const missing = `${String(envoy.getDynamicMetadataString("tse", "nope"))};${String(envoy.getDynamicMetadataNumber("tse", "user"))};${String(envoy.getDynamicMetadataString("nope", "user"))}`;
    const state = `${String(envoy.getFilterState("tse.user"))};${String(envoy.hasFilterState("tse.user"))};${String(envoy.hasFilterState("nope"))}`;
    this.seen = `${String(user)};${String(score)};${String(admin)};${missing};${state}`;
    envoy.setRequestHeader("x-reader-limit", String(envoy.getBufferLimit()));
    this.plan = `${String(envoy.getDynamicMetadataString("tse.struct", "plan"))};${String(envoy.getDynamicMetadataBool("tse.struct", "on"))}`;
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-reader-saw", this.seen);
    envoy.setResponseHeader("x-reader-plan", this.plan);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("metadata_writer", () => new Writer());
registerHttpFilter("metadata_reader", () => new Reader());
