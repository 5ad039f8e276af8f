// Unions, null and undefined, typeof, narrowing, nullish coalescing and optional chaining.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Node {
  value: number;
  next: Node | null;
  label?: string;
}

function describe(x: string | number | boolean | null | undefined): string {
  if (x === null) return "null!";
  if (x === undefined) return "undefined!";
  if (typeof x === "string") return `string(${x.length})`;
  if (typeof x === "number") return `number(${x * 2})`;
  return `boolean(${!x})`;
}

function pick(i: number): string | undefined {
  return i > 0 ? "now" : undefined;
}

function length(list: Node | null): number {
  let n = 0;
  for (let node = list; node !== null; node = node.next) n++;
  return n;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const values: (string | number | boolean | null | undefined)[] = ["abc", 21, true, null, undefined, "", 0, false];
    log.info(values.map(describe).join(" "));
    log.info(values.map((v) => typeof v).join(","));
    log.info(values.map((v) => String(v)).join(","));
    log.info(values.map((v) => (v ? "T" : "F")).join(""));
    log.info(values.map((v) => v ?? "default").join(","));
    log.info(values.map((v) => v == null).join(","));
    const list: Node = { value: 1, next: { value: 2, next: { value: 3, next: null, label: "last" } } };
    log.info(`${length(list)} ${list.next?.next?.label} ${list.next?.label} ${list.next?.next?.next?.value}`);
    log.info(`${list.label?.length ?? -1}`);
    for (const maybe of [pick(0), pick(1)]) log.info(`${maybe ?? "was undefined"} ${maybe?.length}`);
    const mixed: (number | string)[] = [1, "two", 3];
    log.info(mixed.map((m) => (typeof m === "number" ? m + 1 : m + "!")).join(" "));
    log.info(`${mixed.includes("two")} ${mixed.indexOf(3)} ${mixed[5] === undefined}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
