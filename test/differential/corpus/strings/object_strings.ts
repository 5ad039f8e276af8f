// String() and templates of objects: records, class instances, Maps, Sets, tuples, nested arrays of objects, errors inside arrays.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Rec {
  a: number;
}

class Point {
  constructor(readonly x: number, readonly y: number) {}
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const r: Rec = { a: 1 };
    const p = new Point(1, 2);
    const m = new Map<string, number>([["k", 1]]);
    const s = new Set<number>([1]);
    const t: [number, string] = [1, "x"];
    log.info(`String: ${String(r)} | ${String(p)} | ${String(m)} | ${String(s)} | ${String(t)}`);
    log.info(`template: ${r} | ${p} | ${m} | ${s} | ${t}`);
    log.info(`concat: ${"" + r} ${"<" + p + ">"}`);
    log.info(`arrays: ${[r, p]} | ${String([[r], [m, s]])} | ${[t, t].join(";")} | ${[new Error("e"), new RangeError("r")].join(" & ")}`);
    const opt: Rec | undefined = r.a > 5 ? r : undefined;
    const nul: Point | null = r.a > 0 ? p : null;
    log.info(`optional: ${opt} ${nul} ${String(opt)} ${[opt, nul].join(",")}`);
    const mixed: (Rec | string | number)[] = [r, "s", 2];
    log.info(`mixed: ${mixed.join("/")} ${mixed.map((v) => String(v)).join("/")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
