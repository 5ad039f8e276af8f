// A module-level const Record table: built once, deep-frozen and shared; reads, in, Object.keys, and writes that throw V8's TypeError.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

const STATUS_TEXT: Record<string, string> = { 404: "Not Found", ok: "fine", 200: "OK" };

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`table: ${Object.keys(STATUS_TEXT).join(",")} ${STATUS_TEXT[200]} ${STATUS_TEXT["500"] ?? "-"} ${"ok" in STATUS_TEXT}`);
    try {
      STATUS_TEXT["500"] = "Server Error";
    } catch (e) {
      log.info(`write: ${e instanceof Error ? e.message : "?"}`);
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
