// fill and at with negative and odd indices, concat of arrays and values, join with null/undefined/nested elements and odd separators.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const spans: [number, number][] = [[0, 7], [2, 4], [-3, -1], [-100, 2], [5, 100], [4, 2], [NaN, 3], [1.7, 3.9], [-1, 7], [7, 8]];
    for (const [a, b] of spans) {
      log.info(`fill(9, ${a}, ${b}): ${[0, 0, 0, 0, 0, 0, 0].fill(9, a, b).join("")} fill from ${a}: ${[1, 1, 1, 1, 1, 1, 1].fill(8, a).join("")}`);
    }
    const filled = [1, 2, 3].fill(0);
    log.info(`fill all: ${filled.join(",")} returns same: ${filled.fill(5, 1) === filled} ${filled.join(",")}`);
    const xs = ["a", "b", "c", "d"];
    const ats = [-5, -4, -1, 0, 3, 4, 1.5, -1.5, NaN, Infinity];
    log.info(`at: ${ats.map((i) => xs.at(i) ?? "undef").join(" ")}`);
    const emptyAt: number[] = [];
    log.info(`empty at: ${emptyAt.at(0)} ${emptyAt.at(-1)}`);
    const joins: (string | number | null | undefined)[] = [1, null, "x", undefined, 2.5, -0, ""];
    log.info(`join: [${joins.join()}] [${joins.join("")}] [${joins.join(", ")}] [${joins.join("😀")}] [${joins.join(undefined)}]`);
    const nested: (number | null | undefined)[][] = [[1, 2, null], [], [undefined], [3]];
    log.info(`nested join: [${nested.join("|")}] [${String(nested)}] ${JSON.stringify(nested)}`);
    const empties: string[] = [];
    log.info(`empty join: [${empties.join()}] [${[""].join("-")}] [${["", ""].join("-")}] [${[[]].join("-")}]`);
    const c1 = [1, 2].concat([3, 4], 5, [6]);
    const c2 = ([] as number[]).concat([]);
    const c3 = ["a"].concat("b", ["c", "d"], []);
    const nestedConcat = [[1]].concat([[2]], [[3, 4]]);
    log.info(`concat: ${c1.join(",")} ${c2.length} ${c3.join("")} ${JSON.stringify(nestedConcat)}`);
    const original = [1, 2];
    const extended = original.concat(3);
    extended[0] = 100;
    log.info(`concat copies: ${original.join(",")} ${extended.join(",")}`);
    const rev = [1, 2, 3, 4, 5];
    const r = rev.reverse();
    log.info(`reverse: ${r.join("")} same=${r === rev} ${[].reverse().length} ${["x"].reverse().join("")}`);
    const big = new Array<number>();
    const typed: string[] = new Array();
    typed.push("t");
    for (let i = 0; i < 5; i++) big.push(i * i);
    log.info(`toString: ${typed.toString()} ${big.toString()} ${[true, false].toString()}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
