// Module-level const tables (arrays of objects, nested `as const` objects, readonly arrays): built once, shared by every stream, read from hooks and helpers.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/api/users"],["x-tier","gold"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/static/app.js"],["x-tier","none"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/nowhere"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Route {
  prefix: string;
  cluster: string;
  weight: number;
  tags: string[];
}

const ROUTES: Route[] = [
  { prefix: "/api/", cluster: "backend", weight: 3, tags: ["json", "auth"] },
  { prefix: "/static/", cluster: "cdn", weight: 1, tags: [] },
];

const LIMITS = {
  gold: { rps: 100, burst: 20 },
  silver: { rps: 10, burst: 2 },
  names: ["gold", "silver"],
} as const;

const METHODS: readonly string[] = ["GET", "HEAD", "OPTIONS"];
const CODES = [200, 204, -1, 0.5] as const;
const EMPTY: number[] = [];

function routeFor(path: string): Route | undefined {
  return ROUTES.find((r) => path.startsWith(r.prefix));
}

function rpsFor(tier: string): number {
  if (tier === "gold") return LIMITS.gold.rps;
  if (tier === "silver") return LIMITS.silver.rps;
  return 0;
}

class Tables implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const path = envoy.getRequestHeaderValue(":path") ?? "/";
    const route = routeFor(path);
    log.info(`route: ${route ? `${route.cluster} w=${route.weight} tags=${route.tags.join("+")}` : "none"}`);
    const tier = envoy.getRequestHeaderValue("x-tier") ?? "";
    log.info(`tier ${tier}: rps=${rpsFor(tier)} known=${LIMITS.names[0] === tier || LIMITS.names[1] === tier}`);
    log.info(`methods: ${METHODS.join(",")} ${METHODS.indexOf("HEAD")} codes=${CODES[0] * 2},${CODES[2]},${CODES[3]} ${CODES.length} empty=${EMPTY.length}`);
    log.info(`json: ${JSON.stringify(ROUTES)} ${JSON.stringify(LIMITS)}`);
    for (const r of ROUTES) log.info(`${r.prefix} -> ${r.cluster}`);
    log.info(`keys: ${Object.keys(LIMITS.gold).join(",")} same: ${ROUTES === ROUTES} first: ${ROUTES[0] === routeFor("/api/x")}`);
    // A copy is the stream's own, and writable.
    const mine = ROUTES.slice();
    mine.push({ prefix: path, cluster: "mine", weight: 0, tags: [] });
    log.info(`copy: ${mine.length} table: ${ROUTES.length}`);
    envoy.setRequestHeader("x-cluster", route?.cluster ?? "default");
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Tables());
