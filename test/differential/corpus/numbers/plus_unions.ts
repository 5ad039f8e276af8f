// The + operator and += on strings with numbers, booleans, null, undefined, arrays and string | number unions; numeric addition next to concatenation.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function pick(i: number): string | number {
  return i % 2 === 0 ? i * 1.5 : `s${i}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const out: string[] = [];
    for (let i = 0; i < 6; i++) {
      const v = pick(i);
      const w = pick(i + 1);
      const plusStr = v + "!";
      const strPlus = "<" + w;
      const both = typeof v === "number" && typeof w === "number" ? v + w : `${v}${w}`;
      out.push(`${plusStr} ${strPlus} ${typeof both}:${both}`);
    }
    log.info(out.join(" | "));
    let acc = "";
    for (let i = 0; i < 5; i++) acc += pick(i);
    log.info(`acc: ${acc}`);
    let s = "";
    s += 1;
    s += -0;
    s += 0.1 + 0.2;
    s += NaN;
    s += 1e21;
    s += true;
    s += null;
    s += undefined;
    s += [1, [2, 3]];
    log.info(`string +=: ${s}`);
    let n = 1;
    n += 2 ** 53;
    n += 1;
    n -= -0.5;
    log.info(`number +=: ${n}`);
    log.info(`chains: ${1 + 2 + "3" + 4 + 5} ${"1" + 2 * 3} ${1 + +"2"} ${"3" + -"1"} ${-"" + 1} ${+true + 1}`);
    const arr = [1, 2];
    log.info(`array +: ${arr + ""} ${"" + [] + [null] + [undefined, 1]}`);
    const big = "9007199254740993";
    log.info(`numeric strings: ${big + 1} ${Number(big) + 1} ${+big === 2 ** 53} ${big.length + big}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
