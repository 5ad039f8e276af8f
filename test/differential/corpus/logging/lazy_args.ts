// Log messages at levels the host does not log (debug, trace; it logs info and above) and at ones it does: a message
// with side effects (a call that counts, an assignment, a throw caught around it) is still built at every level; a
// pure one gives the same lines either way.
import { log, registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

function failing(): string {
  throw new Error("built and threw");
}

class T implements HttpFilter {
  private built = 0;

  private counted(text: string): string {
    this.built++;
    return text;
  }

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const missing = envoy.getRequestHeaderValue("x-missing");
    log.debug(`pure ${path} ${missing?.length ?? -1} ${path.length * 3}`);
    log.trace(`pure trace ${path.toUpperCase()}`);
    log.info(`pure info ${path} ${missing ?? "none"}`);
    log.debug(`counted ${this.counted(path)}`);
    log.trace(`counted trace ${this.counted("t")}`);
    log.info(`counted info ${this.counted("i")}`);
    let assigned = 0;
    log.debug(`assigned ${(assigned = path.length)}`);
    let caught = "no";
    try {
      log.debug(`throws ${failing()}`);
    } catch (e) {
      caught = e instanceof Error ? e.message : "?";
    }
    envoy.setRequestHeader("x-built", `${this.built} ${assigned} ${caught}`);
    log.info(`built=${this.built} assigned=${assigned} caught=${caught}`);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _end: boolean): ResponseHeadersStatus {
    log.debug(`response ${this.built}`);
    envoy.setResponseHeader("x-built", String(this.built));
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
