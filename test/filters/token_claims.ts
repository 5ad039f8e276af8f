// A JWT-shaped check using the bytes and time pieces of the language (test/e2e/bytes-time.test.ts):
// the x-token header's base64url payload is decoded with atob, its bytes read as UTF-8 by
// TextDecoder, and its expiry compared with Date.now(); the request then carries what was found.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Claims {
  sub: string;
  exp: number;
}

function base64UrlBytes(segment: string): Uint8Array {
  const latin1 = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) bytes[i] = latin1.charCodeAt(i);
  return bytes;
}

class TokenClaims implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const started = performance.now();
    const token = envoy.getRequestHeaderValue("x-token") ?? "";
    let claims: Claims;
    let payload: Uint8Array;
    try {
      payload = base64UrlBytes(token.split(".")[1] ?? "");
      claims = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
    } catch (e) {
      envoy.sendResponse(400, [["x-error", e instanceof Error ? `${e.name}: ${e.message}` : "?"]], "bad token\n");
      return RequestHeadersStatus.StopIteration;
    }
    if (claims.exp * 1000 <= Date.now()) {
      envoy.sendResponse(401, [], "expired\n");
      return RequestHeadersStatus.StopIteration;
    }
    const sub = new TextEncoder().encode(claims.sub);
    envoy.setRequestHeader("x-sub-hex", Array.from(sub).map((b) => b.toString(16).padStart(2, "0")).join(""));
    envoy.setRequestHeader("x-payload-bytes", String(payload.length));
    envoy.setRequestHeader("x-sub-b64", btoa(String.fromCharCode(...sub)));
    envoy.setRequestHeader("x-elapsed-ok", String(performance.now() >= started));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("token_claims", () => new TokenClaims());
