// Number(), String(), Boolean() and unary + on strings, booleans, numbers, null and undefined.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const texts = [
      "  42  ", "0x1f", "0X1F", "", " ", "1e3", "abc", "12abc", "0b101", "0o17", "-0x10", "Infinity", "-Infinity",
      "+Infinity", "infinity", ".5", "5.", ".", "1_000", "\n\t 12 \n", "+5", "--5", "1e1000", "-0", "00012", "1.2.3",
      "0x", "1e", "-.5e-3", "\u00a012\u2003", "Ox10", "NaN", "1 2", "٣",
    ];
    for (const t of texts) {
      const n = Number(t);
      log.info(`${JSON.stringify(t)} -> ${n} ${+t} ${1 / n === -Infinity ? "neg0" : ""} bool=${Boolean(t)} ${!t}`);
    }
    log.info(`${Number(true)} ${Number(false)} ${Number(null)} ${Number(undefined)} ${+true} ${+false}`);
    log.info(`${String(true)} ${String(false)} ${String(null)} ${String(undefined)} ${String(-0)} ${String(1e21)}`);
    const nums = [0, -0, NaN, 1, -1, 0.5, Infinity];
    log.info(nums.map((n) => `${Boolean(n)}/${!!n}`).join(" "));
    log.info(nums.map((n) => Number(String(n))).join(" "));
    const flags = [true, false];
    log.info(flags.map((f) => `${Number(f)}${String(f)}${Boolean(f)}${f ? 1 : 0}`).join(" "));
    const roundTrip = [0.1, 1e21, 1e-7, 123.456, -5e-324, 2 ** 53 + 2];
    log.info(roundTrip.map((n) => `${Number(String(n)) === n}`).join(","));
    const maybe: (string | undefined)[] = ["7", undefined, ""];
    log.info(maybe.map((m) => `${m === undefined ? Number(undefined) : Number(m)}|${Boolean(m)}|${String(m)}`).join(" "));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
