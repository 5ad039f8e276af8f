// Contextual typing of literals: object literals in conditional and ?? branches, in map callbacks and
// returned from arrow functions where the declared type is an interface, tuples of records into a Map.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Rec { a: number; b?: string }

function pick(flag: boolean): Rec {
  return flag ? { a: 1 } : { a: 2, b: "x" };
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const flag = pick(true).a > 0;
    const r: Rec = flag ? { a: 1 } : { a: 2, b: "x" };
    const list: Rec[] = [flag ? { a: 3 } : { a: 4, b: "y" }];
    const fallback: Rec = r.b ? r : { a: 9 };
    const maybe: Rec | undefined = flag ? undefined : r;
    const viaOr: Rec = maybe ?? { a: 5 };
    const viaOr2: Rec[] = (maybe && [maybe]) || [{ a: 6 }];
    log.info(`${JSON.stringify(r)} ${JSON.stringify(pick(false))} ${JSON.stringify(list)} ${JSON.stringify(fallback)} ${JSON.stringify(viaOr)} ${JSON.stringify(viaOr2)}`);
    const arrs: number[][] = flag ? [[1], []] : [];
    const mapped: Rec[] = [1, 2].map((x) => ({ a: x }));
    const mapped2 = [1, 2].map((x): Rec => ({ a: x, b: String(x) }));
    const found: Rec | undefined = mapped.find((m) => m.a === 2);
    const entries: [string, Rec][] = mapped.map((m) => [`k${m.a}`, m]);
    const byKey = new Map<string, Rec>(mapped.map((m) => [`k${m.a}`, { a: m.a * 10 }]));
    log.info(`${JSON.stringify(mapped)} ${JSON.stringify(mapped2)} ${found?.a} ${JSON.stringify(entries)} ${JSON.stringify([...byKey])}`);
    log.info(JSON.stringify(arrs));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
