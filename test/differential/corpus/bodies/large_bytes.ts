// A large body read as bytes and scanned (bodies-copy.test.ts sends 1 MB in a 64 KiB arena: the bytes are a view, not a copy), or as text (a copy).
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private read = "";

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    this.read = envoy.getRequestHeaderValue("x-read") ?? "bytes";
    return RequestHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    if (this.read === "text") {
      log.info(`text: ${envoy.getReceivedRequestBodyText().length} units`);
      return RequestBodyStatus.Continue;
    }
    const body = envoy.getReceivedRequestBody();
    let z = 0;
    for (let i = 0; i < body.length; i++) if (body[i] === 0x7a) z++;
    log.info(`bytes: ${body.length} bytes, ${z} z, first z at ${body.indexOf(0x7a)}, end=${end}`);
    return RequestBodyStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","POST"]],"endOfStream":false},{"hook":"request_body","data":"xyz","endOfStream":true},{"hook":"stream_complete"}]}]}
