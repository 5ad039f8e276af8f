// indexOf / lastIndexOf (strict equality) versus includes (SameValueZero) with NaN and -0, fromIndex edge cases, find on NaN.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [NaN, 0, -0, 1, NaN, 1, -0];
    log.info(`NaN: indexOf=${xs.indexOf(NaN)} lastIndexOf=${xs.lastIndexOf(NaN)} includes=${xs.includes(NaN)} findIndex=${xs.findIndex((x) => Number.isNaN(x))} findIndexSelf=${xs.findIndex((x) => x !== x)}`);
    log.info(`zero: indexOf(0)=${xs.indexOf(0)} indexOf(-0)=${xs.indexOf(-0)} lastIndexOf(0)=${xs.lastIndexOf(0)} includes(-0)=${xs.includes(-0)} find=${1 / (xs.find((x) => x === 0) ?? 1)}`);
    const froms = [-100, -8, -7, -3, -1, 0, 1, 3, 6, 7, 100, NaN, Infinity, -Infinity, 1.9, -1.5];
    log.info(`indexOf(1, f): ${froms.map((f) => xs.indexOf(1, f)).join(" ")}`);
    log.info(`lastIndexOf(1, f): ${froms.map((f) => xs.lastIndexOf(1, f)).join(" ")}`);
    log.info(`includes(NaN, f): ${froms.map((f) => (xs.includes(NaN, f) ? 1 : 0)).join("")}`);
    log.info(`lastIndexOf(-0, f): ${froms.map((f) => xs.lastIndexOf(-0, f)).join(" ")}`);
    const strs = ["a", "b", "é", "a", "😀"];
    log.info(`strings: ${strs.indexOf("a")} ${strs.lastIndexOf("a")} ${strs.indexOf("é")} ${strs.includes("😀")} ${strs.indexOf("\ud83d")} ${strs.includes("A")} ${strs.indexOf("a", -2)}`);
    const opt: (number | undefined)[] = [1, undefined, 2];
    log.info(`undefined: ${opt.indexOf(undefined)} ${opt.includes(undefined)} ${opt.lastIndexOf(undefined)} ${[1, 2].includes(3)}`);
    const nul: (string | null)[] = ["x", null];
    log.info(`null: ${nul.indexOf(null)} ${nul.includes(null)}`);
    const a = { v: 1 };
    const b = { v: 1 };
    const objs = [a, b, a];
    log.info(`identity: ${objs.indexOf(b)} ${objs.lastIndexOf(a)} ${objs.includes({ v: 1 })} ${objs.findIndex((o) => o.v === 1)}`);
    const empty: number[] = [];
    log.info(`empty: ${empty.indexOf(0)} ${empty.lastIndexOf(0)} ${empty.includes(NaN)} ${empty.find((x) => x > 0)}`);
    log.info(`find: ${[5, 12, 8, 130].find((x) => x > 10)} ${[5, 12].find((x) => x > 100)} ${[5, 12, 8].findIndex((x) => x < 0)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
