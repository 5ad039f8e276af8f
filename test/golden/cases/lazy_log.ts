// Log messages: one whose making nothing can observe is built inside the level check; one calling a
// function (which may do anything) is built first, at any level, as in JavaScript.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Logger implements HttpFilter {
  private seen = 0;
  private calls = 0;
  private counted(): number {
    return ++this.calls;
  }
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path");
    this.seen++;
    log.debug(`${path ?? "-"} seen ${this.seen} times, ${path?.length ?? 0} units`);
    log.info(`call ${this.counted()}`);
    log.warn("plain");
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("logger", () => new Logger());
