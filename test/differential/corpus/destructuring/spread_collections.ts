// Spreading Maps, Sets, their keys/values/entries, strings and arrays into arrays and calls;
// Array.from with and without a mapping function; copies are independent of their sources.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function sum(...xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const m = new Map<string, number>([["a", 1], ["b", 2]]);
    m.set("c", 3);
    m.delete("a");
    m.set("a", 4);
    const s = new Set([3, 1, 3, 2, 1]);
    log.info(`${JSON.stringify([...m])} ${JSON.stringify([...m.keys()])} ${JSON.stringify([...m.values()])} ${JSON.stringify([...m.entries()])}`);
    log.info(`${JSON.stringify([...s])} ${JSON.stringify([...s.values()])} ${JSON.stringify([...s.keys()])} ${JSON.stringify([...s.entries()])}`);
    log.info(`${sum(...m.values())} ${sum(...s, ...[10, 20])} ${Math.max(...s)} ${Math.min(...m.values(), 0)} ${Math.max(...[])}`);
    const merged = [...s, ...m.values(), ..."hi".split("").map((c) => c.length)];
    log.info(JSON.stringify(merged));
    const copy = new Set(s);
    copy.add(99);
    const fromMap = new Map(m);
    fromMap.set("z", 0);
    log.info(`${s.size} ${copy.size} ${m.size} ${fromMap.size} ${[...fromMap.keys()].join("")}`);
    const doubled = Array.from(s, (v) => v * 2);
    const indexed = Array.from(m.keys(), (k, i) => `${i}:${k}`);
    const chars = Array.from("héllo😀");
    log.info(`${doubled.join(",")} ${indexed.join(",")} ${chars.length} ${[..."héllo😀"].length}`);
    const words = new Set(["b", "a", "b", "c"]);
    const sorted = [...words].sort();
    const inverted = new Map([...m].map(([k, v]) => [v, k] as [number, string]));
    log.info(`${sorted.join("")} ${[...words].join("")} ${JSON.stringify([...inverted])}`);
    const nested = [[1, 2], [3]];
    const flat = ([] as number[]).concat(...nested);
    const shallow = [...nested];
    shallow[0]!.push(100);
    log.info(`${JSON.stringify(flat)} ${JSON.stringify(nested)} ${shallow === nested}`);
    const big = new Set<number>();
    for (let i = 0; i < 50; i++) big.add(i % 7);
    log.info(`${[...big].join("")} ${Array.from(big).length}`);
    const front = [9];
    const newLength = front.unshift(...s, ...[7, 8]);
    const codes = [...m.values()].map((v) => v + 64);
    log.info(`${newLength} ${front.join(",")} ${String.fromCharCode(...codes)} ${String.fromCodePoint(...[0x1f600, 65])}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
