// A string built with += in place (c-append.ts) across awaits: the frame saves the string, not its
// in-place ownership, so appends after a resume copy first and what was built before stays intact.
// Class-based rules (an abstract base, dispatch) and a for...in run in the same suspended hook.
import { EnvoyHttpFilter, HttpFilter, log, registerHttpFilter, RequestHeadersStatus, sleep } from "tsc2envoy";

abstract class Part {
  abstract render(i: number): string;
}
class Dash extends Part {
  override render(i: number): string {
    return `-${i}`;
  }
}
class Star extends Part {
  override render(i: number): string {
    return `*${i}`;
  }
}

class Builder implements HttpFilter {
  async onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): Promise<RequestHeadersStatus> {
    const rounds = Number(envoy.getRequestHeaderValue("x-rounds") ?? "4");
    const parts: Part[] = [new Dash(), new Star()];
    let built = "start";
    const kept: string[] = [];
    for (let i = 0; i < rounds; i++) {
      built += parts[i % 2]!.render(i);
      kept.push(built);
      if (i % 2 === 1) await sleep(1);
      built += ".";
    }
    const counts = { dash: 0, star: 0 };
    for (const key in counts) log.info(`key ${key}`);
    log.info(`built ${built}`);
    log.info(`kept ${kept.join(" | ")}`);
    envoy.setRequestHeader("x-built", built);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Builder());

// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],["x-rounds","5"]],"endOfStream":true},{"hook":"wait","ms":100},{"hook":"stream_complete"}]}]}
