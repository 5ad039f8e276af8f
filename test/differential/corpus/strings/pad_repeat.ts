// padStart/padEnd with multi-unit and astral fillers, cut mid-pair; repeat with odd counts and errors.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
import { units } from "../lib/units";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const fillers = [" ", "ab", "123", "😀", "é", "", "xyz😀"];
    const lengths = [-1, 0, 3, 4, 5, 8, 9, 4.7, NaN];
    for (const f of fillers) {
      log.info(`start ${JSON.stringify(f)}: ${lengths.map((n) => JSON.stringify("abc".padStart(n, f))).join(" ")}`);
      log.info(`end ${JSON.stringify(f)}: ${lengths.map((n) => JSON.stringify("abc".padEnd(n, f))).join(" ")}`);
    }
    log.info(`default: [${"7".padStart(3)}] [${"7".padEnd(3)}] [${"😀".padStart(3)}] ${"😀".padEnd(1).length}`);
    log.info(`cut pair: ${units("x".padStart(2, "😀"))} ${units("x".padEnd(4, "😀"))} ${units("".padStart(3, "😀"))}`);
    log.info(`numbers: ${[1, 22, 333, 4444].map((n) => String(n).padStart(5, "0")).join(",")} ${(255).toString(2).padStart(16, "0")} ${(-5).toString().padStart(4, "0")}`);
    const counts = [0, 1, 2, 3, 2.9, 0.1, NaN];
    log.info(`repeat: ${counts.map((c) => JSON.stringify("ab😀".repeat(c))).join(" ")} ${"".repeat(1000).length} ${"-".repeat(64).length}`);
    for (const c of [-1, -0.5, Infinity, -Infinity, 2 ** 40]) {
      try {
        log.info(`repeat(${c}) length ${"ab".repeat(c).length}`);
      } catch (e) {
        if (e instanceof RangeError) log.info(`repeat(${c}): ${e.name}: ${e.message}`);
      }
    }
    try {
      log.info(`empty huge: ${"".repeat(2 ** 40).length}`);
    } catch (e) {
      if (e instanceof RangeError) log.info(`empty huge: ${e.message}`);
    }
    const table = [["id", "name", "€"], ["1", "Zoë", "9.50"], ["22", "日本", "100.00"]];
    for (const row of table) log.info(`|${row[0]!.padStart(3)}|${row[1]!.padEnd(6, ".")}|${row[2]!.padStart(7, "_")}|`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
