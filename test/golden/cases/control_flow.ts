// Loops, branches and operators, in a filter that scores a request by its headers.
import { registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const LIMIT = 10;

function score(names: string[]): number {
  let total = 0;
  outer: for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? "";
    if (name.length === 0) continue;
    let j = 0;
    while (j < name.length) {
      j += 2;
      if (total > LIMIT * 2) break outer;
    }
    do {
      total++;
    } while (total % 3 !== 0);
    total = total > LIMIT ? total - 1 : total + j;
  }
  return total;
}

class Scorer implements HttpFilter {
  private calls = 0;

  onRequestHeaders(envoy: EnvoyHttpFilter, endOfStream: boolean): RequestHeadersStatus {
    const names: string[] = [];
    for (const [name] of envoy.getRequestHeaders()) names.push(name);
    this.calls++;
    const result = score(names);
    const busy = result > LIMIT && !endOfStream;
    if (busy || this.calls > 1) {
      envoy.sendResponse(429, [], "busy");
      return RequestHeadersStatus.StopIteration;
    } else if (result === 0) {
      return RequestHeadersStatus.Continue;
    }
    envoy.setRequestHeader("x-score", `${result}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("scorer", () => new Scorer());
