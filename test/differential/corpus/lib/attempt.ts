// Runs a write and logs its result, or the TypeError it threw (tables/writes.ts, tables/collections.ts).
import { log } from "tsc2envoy";

export function attempt(what: string, write: () => string): void {
  try {
    log.info(`${what}: ok ${write()}`);
  } catch (e) {
    if (e instanceof TypeError) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}
