// A literal evaluated in a loop is a new RegExp each time (fresh lastIndex); one held in a variable is shared.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Counter {
  private readonly re = /\d/g;
  count(s: string): number {
    let n = 0;
    while (this.re.test(s)) n++;
    return n;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const fresh: string[] = [];
    for (let i = 0; i < 3; i++) {
      const re = /a/g;
      fresh.push(`${re.test("aa")}:${re.lastIndex}`);
    }
    log.info(fresh.join(" "));
    const shared = /a/g;
    const reused: boolean[] = [];
    for (let i = 0; i < 4; i++) reused.push(shared.test("aa"));
    log.info(reused.join(" "));
    const c = new Counter();
    log.info(`${c.count("a1b2c3")} ${c.count("9")}`);
    const patterns: RegExp[] = [/^GET$/, /^POST$/i, /^(PUT|PATCH)$/];
    log.info(["GET", "post", "PATCH", "DELETE"].map((m) => patterns.findIndex((p) => p.test(m))).join(","));
    const make = (): RegExp => /x/y;
    const r1 = make();
    r1.lastIndex = 1;
    log.info(`${r1.test("ax")} ${make().test("ax")} ${r1.lastIndex}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
