// indexOf/lastIndexOf use ===, includes uses SameValueZero (NaN, -0), fromIndex; find family.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [1, NaN, -0, 2, 1, 0, NaN, 3];
    log.info(`${xs.indexOf(NaN)} ${xs.lastIndexOf(NaN)} ${xs.includes(NaN)} ${xs.indexOf(0)} ${xs.indexOf(-0)} ${xs.lastIndexOf(-0)} ${xs.includes(-0)}`);
    log.info(`${xs.indexOf(1)} ${xs.lastIndexOf(1)} ${xs.indexOf(1, 1)} ${xs.indexOf(1, -4)} ${xs.lastIndexOf(1, 3)} ${xs.lastIndexOf(1, -5)} ${xs.indexOf(9)}`);
    log.info(`${xs.includes(3, -1)} ${xs.includes(3, 99)} ${xs.includes(1, -100)} ${xs.indexOf(3, -1)} ${xs.lastIndexOf(3, -100)}`);
    const strs = ["a", "b", "a", "c"];
    log.info(`${strs.indexOf("a")} ${strs.lastIndexOf("a")} ${strs.includes("c")} ${strs.includes("")} ${strs.indexOf("A")}`);
    const words = ["apple", "banana", "cherry", "date", "elderberry"];
    const visits: string[] = [];
    const found = words.find((w, i) => {
      visits.push(`${i}`);
      return w.length > 5;
    });
    log.info(`find=${found} visits=${visits.join("")}`);
    log.info(`${words.findIndex((w) => w === "date")} ${words.findIndex((w) => w === "fig")} ${words.find((w) => w.length > 100)}`);
    const lastSix = [...words].reverse().find((w) => w.length === 6);
    log.info(`${lastSix} ${words.lastIndexOf(lastSix ?? "")}`);
    interface Item { id: number; tag?: string }
    const items: Item[] = [{ id: 1 }, { id: 2, tag: "t" }, { id: 3, tag: "t" }];
    const target = items[1]!;
    log.info(`${items.indexOf(target)} ${items.indexOf({ id: 2, tag: "t" })} ${items.includes(target)} ${items.find((i) => i.tag === "t")?.id}`);
    const nested = [[1], [2]];
    log.info(`${nested.indexOf([1])} ${nested.findIndex((n) => n[0] === 2)}`);
    const u: (number | undefined)[] = [undefined, 1];
    log.info(`${u.indexOf(undefined)} ${u.includes(undefined)} ${u.find((x) => x === undefined)} ${u.findIndex((x) => x === undefined)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
