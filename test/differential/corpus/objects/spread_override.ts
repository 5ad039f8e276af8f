// Object spread with properties set again after it: the later value wins whatever the spread had
// (absent, present, undefined, another type), an overridden key keeps its place in the spread's
// order, a key the spread lacks comes after; properties before a spread are overridden only by
// what the spread has; several spreads; class instances spread; evaluation order of the parts.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Limits {
  rps: number;
  burst?: number;
}

interface Named {
  name?: string;
  tag: string;
}

interface Counted {
  name: number;
  extra: boolean;
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

class T implements HttpFilter {
  private readonly trace: string[] = [];

  private note<V>(label: string, value: V): V {
    this.trace.push(label);
    return value;
  }

  onRequestHeaders(): RequestHeadersStatus {
    const all: Limits[] = [{ rps: 1 }, { rps: 2, burst: 3 }, { burst: 4, rps: 5 }];
    for (const limits of all) {
      const over = { ...limits, burst: 9 };
      const under = { burst: 9, ...limits };
      const both = { head: 0, ...limits, burst: over.burst + 1 };
      log.info(`${JSON.stringify(limits)} -> ${JSON.stringify(over)} ${Object.keys(over).join(",")} | ${JSON.stringify(under)} ${Object.keys(under).join(",")} | ${JSON.stringify(both)} ${both.head + both.rps + both.burst}`);
    }
    // Present but undefined: overridden in place (copied under it, it would be undefined where TypeScript says number).
    const unset: Limits = { rps: 6, burst: undefined };
    const reset = { ...unset, burst: 9 };
    log.info(`${JSON.stringify(unset)} ${Object.keys(unset).join(",")} -> ${JSON.stringify(reset)} ${Object.keys(reset).join(",")} ${reset.burst + 1}`);
    const named: Named[] = [{ tag: "t" }, { name: "n", tag: "u" }, { tag: "v", name: "m" }];
    const counted: Counted = { extra: true, name: 7 };
    for (const n of named) {
      const mixed = { ...n, ...counted };
      const back = { ...counted, ...n, extra: false };
      log.info(`${JSON.stringify(mixed)} ${mixed.name * 2} ${JSON.stringify(back)} ${Object.keys(back).join(",")}`);
    }
    const p = new Point(1, 2);
    const moved = { ...p, x: 10 };
    const tagged = { label: "p", ...p, y: p.y * 3 };
    log.info(`${JSON.stringify(moved)} ${JSON.stringify(tagged)} ${Object.keys(tagged).join(",")}`);
    const maybe: Limits | undefined = all.find((l) => l.rps > 4);
    const none: Limits | undefined = all.find((l) => l.rps > 40);
    log.info(`${JSON.stringify({ ...maybe, rps: 0 })} ${JSON.stringify({ ...none, rps: 0 })} ${JSON.stringify({ rps: -1, ...none })}`);
    const ordered = { ...this.note("spread", all[1]!), burst: this.note("burst", 11), rps: this.note("rps", 12) };
    log.info(`${JSON.stringify(ordered)} ${this.trace.join(">")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
