// slice and splice with negative, out-of-range, fractional, NaN and explicit-undefined arguments; splice return values and insertion.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function base(): number[] {
  return [0, 1, 2, 3, 4, 5, 6];
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const points = [-100, -7, -3, -1, -0.5, 0, 1.9, 3, 6, 7, 100, NaN, Infinity, -Infinity];
    for (const a of points) {
      const cells: string[] = [];
      for (const b of [-2, 0, 4, 100, NaN]) cells.push(base().slice(a, b).join(""));
      log.info(`slice(${a}): [${base().slice(a).join("")}] ${cells.map((c) => `[${c}]`).join("")}`);
    }
    const u: number | undefined = undefined;
    log.info(`slice undefined: [${base().slice(undefined).join("")}] [${base().slice(2, undefined).join("")}] [${base().slice(u, u).join("")}] [${base().slice().join("")}]`);
    for (const start of [-100, -2, 0, 2, 7, 100, NaN]) {
      const cells: string[] = [];
      for (const count of [-1, 0, 1, 2, 100, NaN, Infinity]) {
        const arr = base();
        const removed = arr.splice(start, count);
        cells.push(`${removed.join("")}/${arr.join("")}`);
      }
      const rest = base();
      const tail = rest.splice(start);
      log.info(`splice(${start}): ${tail.join("")}/${rest.join("")} | ${cells.join(" ")}`);
    }
    const undef2 = base();
    log.info(`splice(2, undefined): [${undef2.splice(2, undefined).join("")}] left=${undef2.length}`);
    const ins = base();
    const r1 = ins.splice(2, 0, 90, 91);
    const r2 = ins.splice(-1, 1, 99);
    const r3 = ins.splice(100, 5, 77);
    const r4 = ins.splice(-100, 2);
    log.info(`insert: ${r1.length} ${r2.join(",")} ${r3.length} ${r4.join(",")} -> ${ins.join(",")}`);
    const strs = ["a", "b", "c", "d"];
    const cut = strs.splice(1, 2, "X", "Y", "Z");
    log.info(`strings: ${cut.join("")} ${strs.join("")} ${strs.length}`);
    const copy = strs.slice();
    copy.push("new");
    log.info(`copy independent: ${strs.length} ${copy.length}`);
    const queue = [1, 2, 3, 4, 5, 6];
    const drained: string[] = [];
    while (queue.length > 0) drained.push(queue.splice(0, 2).join("+"));
    log.info(`drained: ${drained.join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
