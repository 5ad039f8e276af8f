// Map and Set: insertion order after delete and re-add, set() on an existing key keeps its place, NaN and -0 keys, object keys by identity.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { signedZero } from "../lib/units";

interface Key {
  name: string;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const m = new Map<string, number>();
    for (const k of ["c", "a", "b", "d"]) m.set(k, k.charCodeAt(0));
    m.delete("a");
    m.set("a", 1);
    m.set("c", 3);
    m.delete("zz");
    log.info(`order: ${[...m.keys()].join("")} ${[...m.values()].join(",")} size=${m.size}`);
    m.clear();
    m.set("b", 2).set("a", 1).set("b", 22);
    log.info(`chained: ${[...m].map(([k, v]) => `${k}=${v}`).join(",")} ${m.get("b")} ${m.has("c")} ${m.delete("b")} ${m.delete("b")} ${m.size}`);
    const nm = new Map<number, string>();
    nm.set(NaN, "nan1");
    nm.set(NaN, "nan2");
    nm.set(-0, "negzero");
    nm.set(0, "zero");
    nm.set(0 / 0, "nan3");
    nm.set(Infinity, "inf");
    nm.set(-Infinity, "-inf");
    log.info(`number keys: size=${nm.size} ${[...nm].map(([k, v]) => `${signedZero(k)}:${v}`).join(" ")} get(NaN)=${nm.get(Number("x"))} get(-0)=${nm.get(-0)} has(0)=${nm.has(0)}`);
    const s = new Set<number>([NaN, 0, -0, NaN, 1, -0]);
    log.info(`number set: size=${s.size} ${[...s].map(signedZero).join(",")} has(NaN)=${s.has(NaN)} has(-0)=${s.has(-0)}`);
    s.delete(0);
    s.add(-0);
    log.info(`readd zero: ${[...s].map(signedZero).join(",")}`);
    const k1: Key = { name: "x" };
    const k2: Key = { name: "x" };
    const om = new Map<Key, number>();
    om.set(k1, 1);
    om.set(k2, 2);
    om.set(k1, 11);
    log.info(`object keys: size=${om.size} k1=${om.get(k1)} k2=${om.get(k2)} fresh=${om.get({ name: "x" })} ${[...om.values()].join(",")}`);
    const os = new Set<Key>([k1, k2, k1]);
    log.info(`object set: ${os.size} ${os.has(k2)} ${os.has({ name: "x" })}`);
    const strs = new Set(["é", "e\u0301", "😀", "\ud83d", "\ud83d\ude00"]);
    log.info(`string set: ${strs.size} ${strs.has("😀")} ${strs.has("\ude00")} ${[...strs].map((x) => x.length).join(",")}`);
    const bools = new Map<boolean, string>([[true, "yes"], [false, "no"], [true, "YES"]]);
    log.info(`bool keys: ${[...bools].map(([k, v]) => `${k}=${v}`).join(",")}`);
    const re = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      for (const k of ["x", "y", "z"]) {
        if (re.has(k) && round === 1 && k !== "y") re.delete(k);
        else re.set(k, round);
      }
    }
    log.info(`rounds: ${[...re.entries()].map(([k, v]) => `${k}${v}`).join(" ")}`);
    const fromEntries = new Map([["one", 1], ["two", 2], ["one", 3]]);
    log.info(`constructor dup: ${[...fromEntries].join(";")} ${fromEntries.size}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
