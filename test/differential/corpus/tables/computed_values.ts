// Module-level consts computed from other constants: numbers, strings, a class instance (its
// methods read its frozen fields), an object with a method, and a Map keyed by computed strings.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Limits {
  constructor(readonly rps: number, readonly burst: number) {}
  total(): number {
    return this.rps + this.burst;
  }
}

const BASE = 10;
const MAX = 2 ** BASE - 1;
const PREFIX = `/v${BASE / 5}/`;
const LIMITS = new Limits(MAX, Math.floor(MAX / 4));
const UNITS = { scale: 1000, format(ms: number): string { return `${ms / 1000}s`; } };
const PATHS = new Map(["users", "orders"].map((p): [string, number] => [PREFIX + p, p.length]));

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`${MAX} ${PREFIX} ${LIMITS.total()} ${UNITS.format(1500)} ${[...PATHS.entries()].join(";")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
