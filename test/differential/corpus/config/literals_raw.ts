// A config of a string literal type (here an enum) is passed as-is, not parsed: it must still be one of the values, or the config is rejected.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

enum Mode {
  Allow = "allow",
  Deny = "deny",
  Audit = "audit log",
}

function verdict(mode: Mode): string {
  switch (mode) {
    case Mode.Allow:
      return "pass";
    case Mode.Deny:
      return "block";
    case Mode.Audit:
      return "pass and log";
  }
}

class T implements HttpFilter {
  constructor(private readonly mode: Mode) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    log.info(`mode ${this.mode}: ${verdict(this.mode)}`);
    envoy.setRequestHeader("x-verdict", verdict(this.mode));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (mode: Mode) => new T(mode));
// config: allow
// config: deny
// config: audit log
// config: Allow
// config: "allow"
// config: allow,deny
// config: this is not a mode, and it is a rather long value that is cut in the message after sixty-four characters
