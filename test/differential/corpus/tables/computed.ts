// Module-level consts computed by calls: built once, in JavaScript's order (imported files first,
// then top to bottom, each reading the ones before it), deep-frozen like literal tables: writes throw.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/api/users"],["x-id","b"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/x"],["mutate","1"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";
import { PRIME_SET, PRIMES } from "../lib/computed_tables";

interface Entry {
  id: string;
  weight: number;
}

const NAMES = ["alpha", "beta", "gamma"];
const IDS = new Set(NAMES.map((n) => n.charAt(0)));
const BY_ID = new Map(NAMES.map((n, i): [string, Entry] => [n.charAt(0), { id: n, weight: (i + 1) * 10 }]));
const TABLE = build(NAMES.length);
const TOTAL = TABLE.reduce((sum, e) => sum + e.weight, 0);
const LABEL = `${NAMES.join("|")}:${TOTAL}`;
const PRIME_SUM = PRIMES.reduce((a, b) => a + b, 0);
const HEX = hexTable();
const NESTED = { hosts: new Set(["a.example", "b.example"]), codes: [...PRIMES.slice(0, 3), 100] };

function build(n: number): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) out.push({ id: NAMES[i]!.toUpperCase(), weight: i * i + PRIMES[i]! });
  return out;
}

function hexTable(): string[] {
  return Array.from({ length: 16 }, (_, i) => i.toString(16));
}

class Computed implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const id = envoy.getRequestHeaderValue("x-id") ?? "";
    log.info(`ids=${[...IDS].join(",")} has(${id})=${IDS.has(id)} entry=${JSON.stringify(BY_ID.get(id) ?? null)}`);
    log.info(`table=${JSON.stringify(TABLE)} total=${TOTAL} label=${LABEL} primes=${PRIMES.length} sum=${PRIME_SUM} 47=${PRIME_SET.has(47)} hex=${HEX.join("")} nested=${[...NESTED.hosts].join(",")} ${NESTED.codes.join(",")}`);
    if (envoy.getRequestHeaderValue("mutate") !== undefined) {
      try {
        TABLE[0]!.weight = 1;
      } catch (e) {
        log.info(`write: ${String(e)}`);
      }
      try {
        IDS.add("z");
      } catch (e) {
        log.info(`add: ${String(e)}`);
      }
      try {
        NESTED.hosts.delete("a.example");
      } catch (e) {
        log.info(`nested delete: ${String(e)}`);
      }
      try {
        HEX.push("g");
      } catch (e) {
        log.info(`push: ${String(e)}`);
      }
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new Computed());
