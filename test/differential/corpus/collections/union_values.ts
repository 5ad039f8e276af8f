// Maps and Sets with union keys ("1" and 1 differ), values that may be undefined (has vs get), nested collections, functions and arrays as values.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const m = new Map<string | number | boolean, string>();
    m.set(1, "num").set("1", "str").set(true, "bool").set(1.0, "num again").set("true", "str true").set(-0, "zero").set(0, "zero again");
    log.info(`union keys: size=${m.size} ${[...m].map(([k, v]) => `${typeof k}:${String(k)}=${v}`).join(" ")}`);
    log.info(`get: ${m.get(1)} ${m.get("1")} ${m.get(true)} ${m.get(false)} ${m.get("")} ${m.has(0)} ${m.has("0")}`);
    const opt = new Map<string, number | undefined>([["present", 1], ["empty", undefined]]);
    log.info(`undefined values: size=${opt.size} has(empty)=${opt.has("empty")} get(empty)=${opt.get("empty")} has(missing)=${opt.has("missing")} get(missing)=${opt.get("missing")}`);
    log.info(`entries: ${JSON.stringify([...opt])} ${[...opt.values()].map((v) => v ?? "u").join(",")}`);
    const nested = new Map<string, Map<string, number[]>>();
    for (const [outer, inner, value] of [["a", "x", 1], ["a", "y", 2], ["b", "x", 3], ["a", "x", 4]] as [string, string, number][]) {
      let im = nested.get(outer);
      if (im === undefined) {
        im = new Map<string, number[]>();
        nested.set(outer, im);
      }
      const list = im.get(inner) ?? [];
      list.push(value);
      im.set(inner, list);
    }
    log.info(`nested: ${[...nested].map(([k, im]) => `${k}{${[...im].map(([ik, l]) => `${ik}:${l.join("+")}`).join(",")}}`).join(" ")}`);
    const ops = new Map<string, (a: number, b: number) => number>([["add", (a, b) => a + b], ["pow", (a, b) => a ** b]]);
    ops.set("mod", (a, b) => a % b);
    log.info(`functions: ${[...ops].map(([name, f]) => `${name}=${f(7, 3)}`).join(" ")} missing=${ops.get("div") === undefined}`);
    const a1 = [1];
    const a2 = [1];
    const byArray = new Set<number[]>([a1, a2, a1]);
    log.info(`array identity: ${byArray.size} ${byArray.has(a1)} ${byArray.has([1])}`);
    const nullable = new Map<string | null, number>([[null, 0], ["null", 1]]);
    log.info(`null key: ${nullable.size} ${nullable.get(null)} ${nullable.get("null")} ${[...nullable.keys()].map((k) => (k === null ? "NULL" : k)).join(",")}`);
    const counts = new Map<number, number>();
    for (const v of [0.1 + 0.2, 0.3, 0.30000000000000004, 1e21, 1e21 + 1, NaN, 0 / 0]) counts.set(v, (counts.get(v) ?? 0) + 1);
    log.info(`number keys: ${[...counts].map(([k, c]) => `${k}x${c}`).join(" ")}`);
    const s = new Set<string | number>(["1", 1, "1", 2, "2"]);
    log.info(`union set: ${s.size} ${[...s].map((v) => typeof v).join(",")}`);
    const snapshot = [...m.keys()];
    m.clear();
    log.info(`after clear: ${m.size} snapshot=${snapshot.length} get=${m.get(1)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
