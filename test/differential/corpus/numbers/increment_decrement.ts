// ++ and -- (prefix and postfix) on locals, fields, array elements and nested fields, with results used.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Counter {
  hits: number;
  inner: { depth: number };
}

class Box {
  value = 0.5;
  items: number[] = [1, 2, 3];
  bump(): number {
    return ++this.value;
  }
}

class T implements HttpFilter {
  private count = 0;
  private box = new Box();

  onRequestHeaders(): RequestHeadersStatus {
    const out: string[] = [];
    out.push(String(this.count++), String(this.count), String(++this.count), String(this.count--), String(--this.count), String(this.count));
    log.info(`field: ${out.join(" ")}`);
    const xs = [10, 20, 30];
    let i = 0;
    const r1 = xs[i++]! + 1;
    xs[i++]!++;
    const r2 = ++xs[0]!;
    const r3 = xs[2]!--;
    log.info(`array: ${r1} ${r2} ${r3} ${xs.join(",")} i=${i}`);
    const idx = [0, 0, 0];
    let j = 0;
    idx[j++] = j++;
    idx[j] = ++j;
    log.info(`order: ${idx.join(",")} j=${j}`);
    const c: Counter = { hits: 0, inner: { depth: 5 } };
    c.hits++;
    ++c.hits;
    const d1 = c.inner.depth--;
    const d2 = --c.inner.depth;
    log.info(`record: ${c.hits} ${d1} ${d2} ${c.inner.depth}`);
    log.info(`box: ${this.box.bump()} ${this.box.value++} ${this.box.value} ${this.box.items[1]!++} ${--this.box.items[2]!} ${this.box.items.join(",")}`);
    const starts = [0.1, 2 ** 53, -0.5, NaN, Infinity, -1e-20, 2 ** 31 - 1];
    const bumped = starts.map((v) => {
      let up = v;
      up++;
      let down = v;
      --down;
      return `${up}/${down}`;
    });
    log.info(`values: ${bumped.join(" ")}`);
    let loops = 0;
    for (let k = 10; k--; ) loops += k;
    let w = 0;
    while (w++ < 5) loops += 100;
    log.info(`loops: ${loops} w=${w}`);
    const m = [[1, 2], [3, 4]];
    m[1]![0]!++;
    m[0]![m[0]!.length - 1]!--;
    log.info(`nested: ${JSON.stringify(m)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
