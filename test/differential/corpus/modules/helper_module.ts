// Relative imports: a filter split across files (see lib/text.ts).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { shout, Tally, SEPARATOR } from "../lib/text";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const tally = new Tally();
    for (const word of ["a", "b", "a"]) tally.add(word);
    log.info([shout("hello"), tally.report(), SEPARATOR].join(SEPARATOR));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
