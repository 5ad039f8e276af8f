// Map and Set: insertion order, SameValueZero keys (NaN, -0), mutation during iteration.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const m = new Map<string, number>();
    m.set("b", 2).set("a", 1).set("c", 3);
    m.set("b", 20);
    log.info(`${m.size} ${m.get("b")} ${m.get("zz")} ${m.has("a")} ${m.delete("a")} ${m.delete("a")} ${m.size}`);
    for (const [k, v] of m) log.info(`${k}=${v}`);
    log.info([...m.keys()].join(",") + " " + [...m.values()].join(","));
    const numbers = new Map<number, string>([[NaN, "nan"], [0, "zero"]]);
    log.info(`${numbers.get(NaN)} ${numbers.get(-0)} ${numbers.has(+0)}`);
    const s = new Set<string>(["x", "y", "x", "z"]);
    s.add("y").add("w");
    log.info(`${s.size} ${[...s].join("")} ${s.has("w")}`);
    const visited: string[] = [];
    for (const item of s) {
      visited.push(item);
      if (item === "x") s.delete("z");
      if (item === "y") s.add("late");
    }
    log.info(visited.join(","));
    const counts = new Map<string, number>();
    for (const word of ["a", "b", "a", "c", "b", "a"]) counts.set(word, (counts.get(word) ?? 0) + 1);
    const parts: string[] = [];
    counts.forEach((count, word) => parts.push(`${word}:${count}`));
    log.info(parts.join(" "));
    m.clear();
    log.info(`cleared ${m.size} ${[...m.entries()].length}`);
    const objects = new Set<number[]>();
    const a = [1];
    objects.add(a).add(a).add([1]);
    log.info(`objects ${objects.size}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
