// Iterating Maps and Sets while mutating them: added entries are visited, deleted ones skipped, re-added ones visited again; forEach arguments.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const m = new Map<number, string>([[1, "a"], [2, "b"], [3, "c"]]);
    const seen: string[] = [];
    for (const [k, v] of m) {
      seen.push(`${k}${v}`);
      if (k === 1) m.delete(2);
      if (k === 3) m.set(4, "d");
      if (k === 4) m.set(5, "e");
      if (k < 3) m.set(k + 10, "x");
    }
    log.info(`map loop: ${seen.join(" ")} final=${[...m.keys()].join(",")}`);
    const s = new Set<string>(["a", "b", "c"]);
    const order: string[] = [];
    for (const v of s) {
      order.push(v);
      if (v === "a") {
        s.delete("a");
        s.add("a");
      }
      if (order.length > 10) break;
    }
    log.info(`set re-add: ${order.join("")} ${[...s].join("")}`);
    const grow = new Set<number>([0]);
    let visits = 0;
    for (const v of grow) {
      visits++;
      if (v < 20) grow.add(v + 1);
    }
    log.info(`grow: ${visits} ${grow.size}`);
    const clearing = new Map<string, number>([["p", 1], ["q", 2], ["r", 3]]);
    const before: string[] = [];
    for (const k of clearing.keys()) {
      before.push(k);
      if (k === "p") {
        clearing.clear();
        clearing.set("z", 26);
      }
    }
    log.info(`clear during loop: ${before.join(",")} ${[...clearing.keys()].join(",")}`);
    const fe = new Map<string, number>([["k1", 10], ["k2", 20]]);
    const args: string[] = [];
    fe.forEach((value, key, map) => {
      args.push(`${key}=${value}/${map.size}`);
      if (key === "k1") map.set("k3", 30);
    });
    log.info(`map forEach: ${args.join(" ")}`);
    const sf = new Set<number>([5, 6]);
    const sargs: string[] = [];
    sf.forEach((value, key, set) => {
      sargs.push(`${value}:${key}:${set.size}`);
      if (value === 5) set.delete(6);
    });
    log.info(`set forEach: ${sargs.join(" ")}`);
    const valuesOnly: number[] = [];
    new Map<string, number>([["a", 1]]).forEach((v) => valuesOnly.push(v));
    log.info(`one-arg forEach: ${valuesOnly.join(",")}`);
    const spreadM = [...new Map([[1, "x"], [2, "y"]])];
    const spreadS = [...new Set("mississippi")];
    const spreadKeys = [...fe.keys(), ...sf.values()];
    log.info(`spread: ${JSON.stringify(spreadM)} ${spreadS.join("")} ${spreadKeys.join(",")}`);
    const entries: string[] = [];
    for (const [k, v] of new Set(["u", "v"]).entries()) entries.push(`${k}${v}`);
    log.info(`set entries: ${entries.join(",")}`);
    const counts = new Map<string, number>();
    for (const w of "a b a c b a d".split(" ")) counts.set(w, (counts.get(w) ?? 0) + 1);
    const ranked = [...counts].sort((x, y) => y[1] - x[1]);
    log.info(`ranked: ${ranked.map(([w, c]) => `${w}${c}`).join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
