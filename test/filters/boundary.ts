/**
 * Test filter: copies a value decoded from a request header (JSON, so escapes can produce CR LF)
 * into headers bound for the client, the upstream or a local reply, so the boundary checks can be
 * watched on the wire. x-target says where; x-reply-status/x-reply-body drive sendResponse;
 * x-path-to and x-status-to set :path (upstream) and :status (client) to what they say.
 */
import { registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Prefs {
  lang: string;
}

class Boundary implements HttpFilter {
  private lang = "";
  private target = "";
  private statusTo: string | undefined;

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const prefs: Prefs = JSON.parse(envoy.getRequestHeaderValue("x-prefs") ?? '{"lang": "en"}');
    this.lang = prefs.lang;
    this.target = envoy.getRequestHeaderValue("x-target") ?? "";
    const status = envoy.getRequestHeaderValue("x-reply-status");
    if (status !== undefined) {
      envoy.sendResponse(Number(status), [["content-language", this.lang]], envoy.getRequestHeaderValue("x-reply-body"), "boundary_reply");
      return RequestHeadersStatus.StopIteration;
    }
    if (this.target === "upstream") envoy.setRequestHeader("x-lang", this.lang);
    const path = envoy.getRequestHeaderValue("x-path-to");
    if (path !== undefined) envoy.setRequestHeader(":path", path);
    this.statusTo = envoy.getRequestHeaderValue("x-status-to");
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    if (this.statusTo !== undefined) envoy.setResponseHeader(":status", this.statusTo);
    if (this.target === "client") envoy.addResponseHeader("content-language", this.lang);
    if (this.target === "client-caught") {
      try {
        envoy.setResponseHeader("content-language", this.lang);
      } catch (e) {
        envoy.setResponseHeader("x-refused", e instanceof TypeError ? e.message : "?");
      }
    }
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("boundary", () => new Boundary());
