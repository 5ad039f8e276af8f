// Compound assignment evaluation order: the target's object and index are evaluated once, before
// the right side; the old value is read before the right side runs (a[i++] += f(), o().x *= g()).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Acc {
  total = 1;
  parts: number[] = [10, 20, 30];
  name = "n";
}

class T implements HttpFilter {
  private trace: string[] = [];

  private t<V>(tag: string, v: V): V {
    this.trace.push(tag);
    return v;
  }

  onRequestHeaders(): RequestHeadersStatus {
    const acc = new Acc();
    const xs = [1, 2, 3, 4];
    let i = 0;
    xs[i++]! += this.t("rhs", 100);
    xs[i++]! *= xs[i]!;
    log.info(`${xs.join(",")} i=${i}`);

    this.t(acc.name, 0);
    this.t("obj", acc).total += this.t("val", 5);
    this.t("obj2", acc).parts[this.t("idx", 1)]! -= this.t("val2", 7);
    log.info(`${acc.total} ${acc.parts.join(",")} ${this.trace.join(" ")}`);

    const grow = (): number => {
      acc.total = 1000;
      return 1;
    };
    acc.total += grow();
    log.info(`old value read first: ${acc.total}`);

    let s = "a";
    const sideString = (): string => {
      s = "REPLACED";
      return "b";
    };
    s += sideString();
    log.info(s);

    let k = 0;
    const arr = [0, 0, 0];
    arr[k] = (k += 1);
    arr[k]! += k++ * 10;
    log.info(`${arr.join(",")} k=${k}`);

    let n = 2;
    n **= n += 1;
    let m = 7;
    m %= m -= 4;
    let b = 6;
    b <<= b >>= 1;
    log.info(`${n} ${m} ${b}`);

    const grid = [[1, 2], [3, 4]];
    let r = 0;
    grid[r++]![r]! += 10;
    grid[r]![--r]! |= 8;
    log.info(`${JSON.stringify(grid)} r=${r}`);

    let counter = 0;
    const bump = (): number => ++counter;
    const results = [bump() + bump() * bump(), (counter += 10, counter), counter++ + ++counter];
    log.info(`${results.join(",")} counter=${counter}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
