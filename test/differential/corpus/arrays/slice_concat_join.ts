// slice with negative/out-of-range bounds, concat of arrays and values, join of null/undefined/nested.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [10, 20, 30, 40, 50];
    const bounds: [number | undefined, number | undefined][] = [[undefined, undefined], [1, undefined], [-2, undefined], [1, 3], [1, -1], [-3, -1], [3, 1], [-99, 2], [2, 99], [NaN, 2], [1.5, 3.9], [5, undefined], [-0, -0]];
    for (const [a, b] of bounds) {
      const got = a === undefined ? xs.slice() : b === undefined ? xs.slice(a) : xs.slice(a, b);
      log.info(`slice(${a},${b}) = [${got.join(",")}]`);
    }
    const copy = xs.slice();
    copy[0] = 99;
    log.info(`${xs[0]} ${copy[0]} ${copy === xs}`);
    const a = [1, 2];
    const b = [3];
    const c = a.concat(b, [4, 5], 6, [], [7]);
    log.info(`${JSON.stringify(c)} ${JSON.stringify(a)} ${a.concat().length}`);
    const nested: number[][] = [[1], [2]];
    const cn = nested.concat([[3, 4]]);
    cn[0]!.push(100);
    log.info(`${JSON.stringify(cn)} ${JSON.stringify(nested)}`);
    const mixed: (string | null | undefined | number)[] = ["a", null, undefined, 0, "", -0, NaN];
    log.info(`[${mixed.join()}] [${mixed.join("")}] [${mixed.join(" | ")}] [${mixed.join(undefined)}]`);
    const deep = [[1, [2, [3, []]]], "x"];
    log.info(`${deep.join(";")} ${String(deep)} ${deep.length}`);
    const bools = [true, false];
    log.info(`${bools.join("&")} ${[1.5, 1e21, 1e-7].join("/")} ${[].join("x") === ""} ${["only"].join("-")}`);
    const big: number[] = [];
    for (let i = 0; i < 20; i++) big.push(i);
    log.info(big.slice(5, 15).join("") + " " + big.slice(-3).concat(big.slice(0, 3)).join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
