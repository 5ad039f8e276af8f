// Found by the compiler fuzzer (seed 3, index 8, run against the compiler before this fix:
// "conditional: log.info(...)"): a conditional whose branches are void calls, as a statement,
// declared a C temporary of type void.
// expect: builds
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const max = Number("9007199254740991");
    ((Number.isSafeInteger(max)) ? log.info(`safe ${max}`) : log.info(`unsafe ${max}`));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
