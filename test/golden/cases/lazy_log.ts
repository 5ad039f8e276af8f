// Log arguments: a message whose building changes nothing is built only when Envoy logs its level
// (`if (tse_log_enabled(...))`); a literal is passed as it is; a message that calls a function or
// assigns is built first, whatever the level, as in JavaScript.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Rule {
  name: string;
}

class Lazy implements HttpFilter {
  private calls = 0;

  private bump(): number {
    this.calls++;
    return this.calls;
  }

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const rule: Rule | undefined = path.length > 3 ? { name: "long" } : undefined;
    log.debug(`${path} -> ${rule?.name ?? "default"} (${path.length * 2})`);
    log.info("literal");
    log.debug(`call ${this.bump()}`);
    let n = 0;
    log.trace(`assign ${(n = path.length)}`);
    envoy.setRequestHeader("x-calls", String(this.calls + n));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("lazy_log", () => new Lazy());
