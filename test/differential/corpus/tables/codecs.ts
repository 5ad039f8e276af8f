// Module-level text codecs: one decoder and encoder for every stream. Node's codecs write their own
// internals, so the reference SDK must not freeze them as it freezes tables (it did: the first
// decode threw "Cannot assign to read only property" in Node while the native module decoded).
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const UTF8 = new TextDecoder("utf-8", { fatal: false });
const ENCODER = new TextEncoder();

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const bytes = ENCODER.encode(`${envoy.getRequestHeaderValue(":path") ?? ""} é ✓`);
    log.info(`${bytes.length} ${UTF8.decode(bytes)} ${UTF8.decode(new Uint8Array([0x68, 0xff, 0x69]))} ${UTF8.encoding}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
