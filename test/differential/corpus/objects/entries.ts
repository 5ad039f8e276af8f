// Object.entries and Object.values of records TypeScript types by their values (type aliases,
// object literal types): in each object's own property order (literal order, spread order,
// optional properties as they are assigned, JSON.parse's text order), absent optional properties
// left out; values of union types; entries destructured; the values are the objects themselves.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

type Limits = { rps: number; burst?: number; ceiling?: number };
type Labels = { region: string; zone?: string; team: string };
type Mixed = { name: string; weight: number; on?: boolean };
type Nested = { first: { n: number }; second: { n: number } };

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const limits: Limits[] = [{ rps: 1 }, { burst: 2, rps: 3 }, { rps: 4, ceiling: 5 }];
    for (const l of limits) {
      log.info(`${JSON.stringify(Object.values(l))} ${JSON.stringify(Object.entries(l))} ${Object.keys(l).join(",")}`);
    }
    const grown: Limits = { rps: 10 };
    grown.ceiling = 30;
    grown.burst = 20;
    log.info(`${Object.values(grown).join(",")} ${Object.entries(grown).map(([k, v]) => `${k}=${v}`).join("&")}`);
    const copied: Limits = { ...limits[1]!, ceiling: 7 };
    log.info(JSON.stringify(Object.entries(copied)));

    const labels: Labels = { team: "core", region: "eu" };
    let text = "";
    for (const [key, value] of Object.entries(labels)) text += `[${key}:${value.toUpperCase()}]`;
    labels.zone = "b";
    log.info(`${text} ${Object.values(labels).join("/")} ${Object.values(labels).length}`);

    const mixed: Mixed = { weight: 2, name: "m", on: false };
    const values = Object.values(mixed);
    log.info(`${JSON.stringify(values)} ${values.map((v) => typeof v).join(",")} ${JSON.stringify(Object.entries({ ...mixed, on: true }))}`);

    const nested: Nested = { second: { n: 2 }, first: { n: 1 } };
    const inner = Object.values(nested);
    inner[0]!.n = 20;
    log.info(`${JSON.stringify(nested)} ${inner.map((x) => x.n).join(",")} ${inner[0] === nested.second}`);

    const literal = Object.entries({ b: 1, a: 2, c: 3 });
    literal.sort((x, y) => x[1] - y[1]);
    log.info(`${JSON.stringify(literal)} ${JSON.stringify(Object.values({ z: "last", y: "first" }))}`);

    const parsed: Limits = JSON.parse('{"ceiling": 3, "rps": 1}');
    log.info(`${JSON.stringify(Object.entries(parsed))} ${Object.values(parsed).reduce<number>((sum, v) => sum + (v ?? 0), 0)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
