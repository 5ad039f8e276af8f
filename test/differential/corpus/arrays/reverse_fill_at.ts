// reverse in place (returns the same array), fill with ranges, at with negative and fractional indices.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [1, 2, 3, 4, 5];
    const r = xs.reverse();
    log.info(`${xs.join(",")} same=${r === xs}`);
    r.push(0);
    log.info(`${xs.join(",")} ${xs.slice(9).reverse().length} ${[7].reverse().join()} ${[1, 2].reverse().join()}`);
    const fills: [number, number | undefined, number | undefined][] = [[0, undefined, undefined], [9, 2, undefined], [8, 1, 3], [7, -2, undefined], [6, -3, -1], [5, 3, 1], [4, 99, undefined], [3, NaN, 2]];
    for (const [v, s, e] of fills) {
      const arr = [1, 2, 3, 4, 5];
      const ret = s === undefined ? arr.fill(v) : e === undefined ? arr.fill(v, s) : arr.fill(v, s, e);
      log.info(`fill(${v},${s},${e}) -> ${arr.join("")} same=${ret === arr}`);
    }
    const ys = ["a", "b", "c"];
    const idx = [0, 1, 2, 3, -1, -2, -3, -4, 1.7, -0.5, NaN];
    log.info(idx.map((i) => `${i}:${ys.at(i)}`).join(" "));
    log.info(`${xs.slice(9).at(0)} ${[5].at(-1)} ${ys.at(-1) ?? "none"} ${ys.at(10) ?? "none"}`);
    const grid: number[][] = [];
    for (let i = 0; i < 3; i++) grid.push([0, 0, 0, 0].fill(i));
    grid[1]!.fill(7, 1, 3);
    log.info(JSON.stringify(grid));
    const objs: { n: number }[] = [{ n: 1 }, { n: 2 }, { n: 3 }];
    objs.fill({ n: 0 }, 1);
    objs.fill(objs[1]!, 0, 1);
    objs[0]!.n = 5;
    log.info(`shared: ${objs.map((o) => o.n).join(",")} ${objs[0] === objs[2]}`);
    const pal = [1, 2, 3, 2, 1];
    log.info(`palindrome ${pal.join() === [...pal].reverse().join()}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
