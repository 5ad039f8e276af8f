// Library functions as values: map(Number), map(String), filter(Boolean), map(parseInt) (the index is the radix, as in JS), const p = parseInt.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Version {
  constructor(private readonly major: number, private readonly minor: number) {}
  toString(): string {
    return `v${this.major}.${this.minor}`;
  }
}

function applyTo(f: (s: string) => number, s: string): number {
  return f(s);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const texts = ["1", " 2 ", "x", "", "0x10", "1e3", "-0", "Infinity"];
    log.info(`map(Number): ${JSON.stringify(texts.map(Number))} ${texts.map(Number).join("|")}`);
    log.info(`map(String): ${[1, 2.5, -0, NaN, 1e21].map(String).join("|")} ${[true, false].map(String).join("|")}`);
    log.info(`map(String) of objects: ${[new Version(1, 2), new Version(3, 0)].map(String).join(", ")}`);
    const maybe: (string | undefined)[] = ["a", undefined, "", "b"];
    log.info(`map(String) of optionals: ${maybe.map(String).join("|")}`);
    log.info(`filter(Boolean): ${JSON.stringify(["", "a", "0", " "].filter(Boolean))} ${JSON.stringify([0, 1, NaN, 2, -0].filter(Boolean))}`);
    log.info(`filter(Boolean) of optionals: ${JSON.stringify(maybe.filter(Boolean))}`);
    const nodes: ({ id: number } | null)[] = [{ id: 1 }, null, { id: 2 }];
    log.info(`filter(Boolean) of objects: ${JSON.stringify(nodes.filter(Boolean))}`);
    log.info(`some/every/find: ${["", "x"].some(Boolean)} ${["", "x"].every(Boolean)} ${[0, 0, 7, 8].find(Boolean)} ${[0, 3].findIndex(Boolean)}`);
    log.info(`map(parseInt): ${JSON.stringify(["10", "10", "10", "10", "7"].map(parseInt))}`);
    log.info(`map(parseFloat): ${JSON.stringify(["1.5", "2e3x", "x", ".5"].map(parseFloat))}`);
    const p = parseInt;
    const pf = parseFloat;
    log.info(`const p = parseInt: ${p("ff", 16)} ${p("12")} ${p("z", 36)} ${pf("3.25abc")}`);
    const toNumber: (s: string) => number = Number;
    const toText: (n: number) => string = String;
    const truthy: (s: string) => boolean = Boolean;
    log.info(`typed: ${toNumber("42") + 1} ${toText(0.1 + 0.2)} ${truthy("")} ${truthy("no")}`);
    log.info(`passed on: ${applyTo(Number, "8") * 2} ${applyTo(parseInt, "9px")} ${applyTo(parseFloat, "1.5e1")}`);
    log.info(`isNaN/isFinite: ${JSON.stringify([1, NaN, Infinity].map(isNaN))} ${JSON.stringify([1, NaN, Infinity, -2].filter(isFinite))}`);
    log.info(`sum of map(Number): ${"3,4,5".split(",").map(Number).reduce((a, b) => a + b, 0)}`);
    const mixed = [1.5, -2.5, NaN, Infinity, 0.1 + 0.2, 2 ** 53];
    log.info(`Number.is*: ${mixed.filter(Number.isFinite).join("|")} ${mixed.filter(Number.isInteger).join("|")} ${mixed.map(Number.isNaN).join("|")} ${mixed.some(Number.isSafeInteger)}`);
    log.info(`Math: ${mixed.map(Math.abs).join("|")} ${mixed.map(Math.round).join("|")} ${mixed.map(Math.floor).join("|")} ${[4, 9, -1].map(Math.sqrt).join("|")} ${["2.5", "x"].map(Number.parseFloat).join("|")} ${JSON.stringify(["7", "7"].map(Number.parseInt))}`);
    const abs = Math.abs;
    const trunc: (x: number) => number = Math.trunc;
    log.info(`const: ${abs(-3)} ${trunc(-3.7)} ${[1, 4].map(abs).join()}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
