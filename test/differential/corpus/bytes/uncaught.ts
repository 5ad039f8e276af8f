// An uncaught InvalidCharacterError (Node's DOMException) fails the stream closed with its name, message and line.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const token = envoy.getRequestHeaderValue(":path") ?? "";
    log.info(`decoding ${token}`);
    log.info(atob(token));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
