// Found by the compiler fuzzer (seed 1, index 79: nest !!("tsc2envoy")): an import whose specifier
// is not a string literal (a syntax error TypeScript reports) made the subset checker throw.
// expect: diagnostics
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from !!("tsc2envoy");

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info("x");
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
