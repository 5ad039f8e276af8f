// switch with fallthrough and default anywhere; labeled loops and blocks; do-while.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function classify(n: number): string {
  const out: string[] = [];
  switch (n % 5) {
    case 0:
    case 1:
      out.push("zero-or-one");
      break;
    default:
    case 3:
      out.push("three-ish");
      break;
    case 4: {
      out.push("four");
      return out.join("+") + "!";
    }
  }
  return out.join("+");
}

function byName(name: string): number {
  switch (name) {
    case "a":
      return 1;
    case "b":
    case "c":
      return 2;
  }
  return -1;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info([0, 1, 2, 3, 4, 5, 7, -1].map(classify).join(" "));
    log.info(["a", "b", "c", "d"].map(byName).join(","));
    const pairs: string[] = [];
    outer: for (let i = 0; i < 5; i++) {
      inner: for (let j = 0; j < 5; j++) {
        if (j > i) continue outer;
        if (i * j === 6) break outer;
        if (j === 2) continue inner;
        pairs.push(`${i}${j}`);
      }
    }
    log.info(pairs.join(" "));
    let k = 0;
    do {
      k += 3;
    } while (k < 10);
    log.info(`k=${k}`);
    let m = 100;
    do m++;
    while (false);
    log.info(`m=${m}`);
    block: {
      if (k > 5) break block;
      log.info("not reached");
    }
    let w = 0;
    while (true) {
      w++;
      if (w > 4) break;
      if (w % 2) continue;
      log.info(`w=${w}`);
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
