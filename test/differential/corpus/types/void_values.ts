// Values of type void (a void call used as a value): stored in locals, arrays, fields, tuples, maps
// and parameters they are undefined; void conditionals and logical operators; `x!` on one throws.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function nothing(): void {}

interface Box {
  v: void;
  n: number;
}

function take(x: void, y: number): number {
  return y + (x === undefined ? 1 : 0);
}

class T implements HttpFilter {
  flag = false;
  onRequestHeaders(): RequestHeadersStatus {
    const c = Number("1") > 0;
    c ? log.info("a") : log.info("b");
    c ? nothing() : log.info("b");
    const v = c ? log.info("a") : nothing();
    log.info(String(v));
    log.info(String(log.info("inner")));
    log.info(`${nothing()} ${typeof nothing()}`);
    c && log.info("and");
    this.flag || log.info("or");
    const w = (log.info("seq"), nothing());
    log.info(String(w === undefined) + String(w !== undefined) + String(w == null));
    const arr = [nothing(), log.info("in array")];
    log.info(String(arr.length) + String(arr[0] === undefined));
    const b: Box = { v: nothing(), n: 1 };
    log.info(String(b.v === undefined) + JSON.stringify(b));
    log.info(String(take(nothing(), 2)));
    const m = new Map<string, void>();
    m.set("a", nothing());
    log.info(String(m.has("a")) + String(m.get("a")));
    const t: [void, number] = [log.info("tuple"), 3];
    log.info(String(t[1]));
    const f: (x: void) => number = (x) => (x === undefined ? 7 : 8);
    log.info(String(f(nothing())));
    // A non-null assertion on undefined throws (the request fails closed).
    log.info("asserted")!;
    log.info("not reached");
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
