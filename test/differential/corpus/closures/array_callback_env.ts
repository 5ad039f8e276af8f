// Arrow callbacks of array methods (their environment lives on the C stack while the method runs):
// captured values and cells read and written from the callback, closures made inside the callback
// that escape it (kept in an array and called after the method returned), nested array methods
// whose callbacks capture the outer callback's parameters, a callback that throws out of find,
// and callbacks in a loop (a fresh environment each round).
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const words = ["alpha", "beta", "gamma", "delta", "epsilon"];
    let total = 0;
    const prefix = path.length;
    const kept: (() => string)[] = [];
    words.forEach((w, i) => {
      total += w.length + prefix;
      kept.push(() => `${w}@${i}+${prefix}/${total}`);
    });
    log.info(`total=${total} kept=${kept.map((f) => f()).join(",")}`);
    const pairs = words.map((a) => words.filter((b) => b.length === a.length && b !== a).map((b) => `${a}~${b}`).join("|"));
    log.info(`pairs=${pairs.join(";")}`);
    const found = words.find((w) => w.startsWith(path.slice(1, 2)) || w.length > prefix + 10);
    log.info(`found=${found ?? "none"} some=${words.some((w) => w.includes("mm"))} every=${words.every((w) => w.length > 3)}`);
    try {
      words.find((w) => {
        if (w === "gamma") throw new Error(`stop at ${w} after ${total}`);
        return false;
      });
    } catch (e) {
      log.info(`caught ${e instanceof Error ? e.message : "?"}`);
    }
    const rounds: string[] = [];
    for (let r = 0; r < 3; r++) {
      const limit = r + 4;
      rounds.push(words.filter((w) => w.length <= limit).join("+") || "-");
    }
    log.info(`rounds=${rounds.join(" ")} sum=${words.reduce((acc, w) => acc + w.length * prefix, 0)}`);
    const late = kept.filter((f, i) => i % 2 === 0 && f().length > 0).map((f) => f());
    log.info(`late=${late.join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
