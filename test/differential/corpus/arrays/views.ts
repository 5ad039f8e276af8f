// Array iterators and flattening: for...of over entries()/keys()/values() (live: elements pushed during
// the loop are visited), closures over their bindings, spread and Array.from of them, flat() and flatMap().
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = ["a", "b", "c"];
    const out: string[] = [];
    for (const [i, x] of xs.entries()) {
      out.push(`${i}${x}`);
      if (i === 0) xs.push("d");
      if (x === "c") continue;
    }
    for (const i of xs.keys()) out.push(String(i));
    for (const v of xs.values()) out.push(v.toUpperCase());
    log.info(out.join(" "));
    const fs: (() => string)[] = [];
    outer: for (const [i, x] of xs.entries()) {
      fs.push(() => `${i}:${x}`);
      if (i === 2) break outer;
    }
    log.info(fs.map((f) => f()).join(","));
    log.info(`${JSON.stringify([...xs.entries()])} ${JSON.stringify([...xs.keys()])} ${Array.from(xs.entries(), ([i, x]) => x.repeat(i)).join("|")}`);
    const nested = [[1, 2], [3], []];
    const mixed: (number | number[])[] = [1, [2, 3], 4];
    log.info(`${JSON.stringify(nested.flat())} ${JSON.stringify(mixed.flat())} ${JSON.stringify([[[1]], [[2, 3]]].flat(1))}`);
    const words = ["ab", "c"];
    log.info(`${JSON.stringify(words.flatMap((w) => w.split("")))} ${JSON.stringify([1, 2].flatMap((n) => (n > 1 ? [n, n] : n)))} ${JSON.stringify([1, 2].flatMap((n) => [[n]]))}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
