// config: {"name": "cfg", "503": "unavailable", "200": "ok", "01": "not an index", "4294967295": "too big", "4294967294": "last index"}
// Integer-like keys (array indices "0".."4294967294") come first in ascending order, then the
// other keys in creation order: object literals, spread (also of an object with a property assigned later),
// JSON.parse results, configs, Object.keys/values/entries, rest patterns and JSON.stringify.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Config {
  name: string;
  503: string;
  200: string;
  "01": string;
  "4294967295": string;
  "4294967294": string;
}

interface Codes {
  z: number;
  503?: number;
  200?: number;
  10?: number;
  a?: number;
}

type Row = { b: string; 2: string; a: string; 1: string; "-1"?: string; 0?: string };

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(): RequestHeadersStatus {
    const byStatus = { 503: 1, 200: 10, x: 3, 10: 2 };
    log.info(JSON.stringify(byStatus));
    log.info(`${Object.keys(byStatus).join(",")} ${Object.values(byStatus).join(",")}`);
    log.info(Object.entries(byStatus).map(([k, v]) => `${k}=${v}`).join(" "));
    const first: Codes = { z: 0 };
    first.a = 1;
    const codes: Codes = { ...first, 503: 2, 10: 3 };
    codes.a = 11;
    log.info(`${JSON.stringify(codes)} ${Object.keys(codes).join(",")}`);
    const parsed: Codes = JSON.parse('{"a":1,"503":2,"z":3,"200":4,"10":5}');
    log.info(`${JSON.stringify(parsed)} ${Object.keys(parsed).join(",")}`);
    const spread = { ...parsed, 7: "seven", b: true };
    log.info(JSON.stringify(spread));
    const merged: Codes = { a: 9, ...codes, z: 5 };
    log.info(JSON.stringify(merged, undefined, 1));
    const row: Row = { b: "b", 2: "two", a: "a", 1: "one", "-1": "minus", 0: "zero" };
    log.info(`${JSON.stringify(row)} ${Object.keys(row).join(",")}`);
    const { a, ...rest } = row;
    log.info(`${a} ${JSON.stringify(rest)}`);
    log.info(`${JSON.stringify(this.config)} ${Object.keys(this.config).join(",")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
