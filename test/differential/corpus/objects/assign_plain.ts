// Object.assign into plain objects of interface types: arguments evaluated first, sources copied in order (object literals and objects of interface types, integer-like keys first), optional properties added at the end, the target returned, a frozen target throws V8's TypeError.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Options {
  retries: number;
  host: string;
  timeout?: number;
  label?: string;
  "2"?: string;
}

interface Overrides {
  host: string;
  retries: number;
}

function noted<T>(order: string[], note: string, value: T): T {
  order.push(note);
  return value;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const order: string[] = [];
    const options: Options = { retries: 1, host: "a" };
    const same: Options = Object.assign(noted(order, "target", options), { label: noted(order, "label", "x"), timeout: noted(order, `timeout ${options.retries}`, 5) }, noted(order, "overrides", { host: "b", retries: 3 } as Overrides));
    log.info(`assign: ${JSON.stringify(options)} ${same === options} ${order.join(",")} ${Object.keys(options).join(",")}`);
    Object.assign(options, { 2: "two", retries: options.retries + 1 });
    Object.assign(options);
    log.info(`index: ${JSON.stringify(options)} ${Object.keys(options).join(",")}`);
    const from: Overrides = { host: "c", retries: 9 };
    const copy: Options = { host: "z", retries: 0 };
    Object.assign(copy, from, { host: `${copy.host}!` });
    log.info(`copy: ${JSON.stringify(copy)}`);
    const frozen: Options = { retries: 1, host: "f" };
    Object.freeze(frozen);
    Object.assign(frozen, {});
    try {
      Object.assign(frozen, { retries: 2 });
    } catch (e) {
      log.info(`frozen: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
    }
    try {
      Object.assign(frozen, { label: "new" });
    } catch (e) {
      log.info(`frozen new: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
    }
    log.info(`after: ${JSON.stringify(frozen)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
