// findLast / findLastIndex (ES2023): searched from the end, callback arguments, no match, empty arrays.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Entry {
  name: string;
  weight: number;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [5, 12, 8, 130, 44, NaN, -0];
    log.info(`${xs.findLast((x) => x > 10)} ${xs.findLastIndex((x) => x > 10)} ${xs.findLast((x) => x > 1000)} ${xs.findLastIndex((x) => x > 1000)}`);
    log.info(`${xs.findLastIndex((x) => Number.isNaN(x))} ${1 / (xs.findLast((x) => x === 0) ?? 1)}`);
    const visited: string[] = [];
    xs.findLast((x, i, all) => {
      visited.push(`${i}:${x}/${all.length}`);
      return i === 3;
    });
    log.info(visited.join(" "));
    const entries: Entry[] = [
      { name: "a", weight: 1 },
      { name: "b", weight: 3 },
      { name: "c", weight: 3 },
      { name: "d", weight: 2 },
    ];
    const heavy = entries.findLast((e) => e.weight === 3);
    log.info(`${heavy?.name ?? "none"} ${entries.findLastIndex((e) => e.weight === 3)} ${entries.findLast((e) => e.weight > 5)?.name ?? "none"}`);
    const empty: string[] = [];
    log.info(`${empty.findLast(() => true) ?? "undefined"} ${empty.findLastIndex(() => true)}`);
    const words = "alpha beta gamma delta".split(" ");
    log.info(`${words.findLast((w) => w.startsWith("g")) ?? "-"} ${words.findLastIndex((w) => w.length === 5)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
