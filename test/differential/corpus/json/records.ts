// JSON.stringify of records: nesting, arrays of records, optional and undefined properties, numbers
// JSON cannot hold, escapes, function properties left out, Maps/Sets/Errors as {}, class instances
// inside records, indentation by number and by string, and JSON.parse round trips.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Header {
  name: string;
  value: string;
}

interface RouteData {
  path: string;
  weight?: number;
  headers: Header[];
}

interface Route {
  path: string;
  weight?: number;
  headers: Header[];
  fallback?: Route;
  onMatch?: (path: string) => boolean;
}

class Stats {
  hits = 0;
  misses: number | undefined = undefined;
  last: string | null = null;
}

interface Report {
  routes: Route[];
  stats: Stats;
  numbers: (number | undefined)[];
  nested: { deep: { deeper: { flag: boolean } } };
  empty: { list: string[]; obj: { x?: number } };
  map: Map<string, number>;
  set: Set<string>;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const fallback: Route = { path: "/", headers: [] };
    const routes: Route[] = [
      { path: "/api", weight: 2, headers: [{ name: "x-a", value: "1" }], onMatch: (p) => p.length > 0 },
      { path: '/q"uote\\back\nline\ttab\u0001', headers: [], fallback },
      { path: "/ünï😀", weight: undefined, headers: [{ name: "h", value: "" }] },
    ];
    const stats = new Stats();
    const report: Report = {
      routes,
      stats,
      numbers: [1, -0, NaN, Infinity, -Infinity, 1e21, 5e-7, undefined, 0.1 + 0.2],
      nested: { deep: { deeper: { flag: false } } },
      empty: { list: [], obj: {} },
      map: new Map([["a", 1]]),
      set: new Set(["s"]),
    };
    log.info(JSON.stringify(report));
    stats.hits = 3;
    stats.last = "now";
    log.info(JSON.stringify(report.stats));
    log.info(JSON.stringify(routes[0], undefined, 2));
    log.info(JSON.stringify(report.nested, undefined, "--"));
    log.info(JSON.stringify(report.empty, undefined, 4));
    log.info(JSON.stringify([undefined, () => 1, null, true]));
    log.info(`${JSON.stringify("str\u2028")} ${JSON.stringify(42)} ${JSON.stringify(null)} ${JSON.stringify([[], [[]]])}`);
    const text = JSON.stringify({ path: "/p", headers: [{ name: "n", value: "v" }], weight: 1 });
    const back: RouteData = JSON.parse(text);
    log.info(`${text} ${back.headers[0]!.value} ${JSON.stringify(back) === text} ${back.weight}`);
    log.info(JSON.stringify({ a: 1, b: [1, { c: "x" }] }, undefined, 20));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
