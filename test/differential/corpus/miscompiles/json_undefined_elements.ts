// JSON.stringify writes null for undefined array elements (unmatched groups of a RegExp match,
// arrays and tuples of optional values) and leaves undefined properties out, as JS does.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Box {
  m: RegExpMatchArray | null;
  tags: (string | undefined)[];
  pair: [string, string | undefined];
}

class Point {
  constructor(readonly x: number) {}
}

function dynamic(): RegExp {
  return new RegExp("(b)?(a)(c)?");
}

function show<V>(value: V): string {
  return JSON.stringify(value) ?? "undefined";
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(JSON.stringify("a".match(/(b)?a/)));
    const m = "a".match(/(b)?a/);
    if (m) log.info(JSON.stringify(m));
    log.info(JSON.stringify("a".match(/(b)?a/)!));
    const e = /(b)?(a)/.exec("a");
    if (e !== null) {
      log.info(JSON.stringify(e));
      log.info(JSON.stringify({ groups: e, first: e[1] }));
      const copy: (string | undefined)[] = [...e];
      log.info(JSON.stringify(copy, undefined, 1));
    }
    log.info(JSON.stringify(dynamic().exec("xa")));
    log.info(JSON.stringify("zac".match(dynamic())));
    log.info(show("a".match(/(b)?a/)));
    const box: Box = { m: "a".match(/(x)?(y)?a/), tags: [undefined, "t", undefined], pair: ["p", undefined] };
    log.info(JSON.stringify(box));
    log.info(JSON.stringify([box.tags, [box.pair[1], box.m?.[1]]]));
    const pair: [string | undefined, string] = [undefined, "a"];
    log.info(JSON.stringify(pair));
    const xs: (string | undefined)[] = ["x", undefined, "y"];
    log.info(JSON.stringify(xs));
    const ns: (number | undefined)[] = [1, undefined];
    log.info(JSON.stringify(ns));
    const ps: (Point | undefined)[] = [undefined, new Point(1)];
    log.info(JSON.stringify(ps));
    const fs: ((() => number) | undefined)[] = [() => 1, undefined];
    log.info(JSON.stringify(fs));
    const mixed: (string | number | undefined | null)[] = [undefined, null, 1, "s"];
    log.info(JSON.stringify(mixed, undefined, 2));
    const parts: string[] = [];
    for (const g of "ab".match(/(a)(b)/)!) parts.push(g);
    log.info(JSON.stringify(parts));
    const groups: (string | undefined)[] = [];
    for (const g of "a".match(/(b)?(a)/)!) {
      groups.push(g);
      log.info(g === undefined ? "unmatched" : `matched ${g}`);
      log.info(`${g} ${typeof g} ${g ?? "-"} ${g !== undefined && g.length > 0}`);
    }
    log.info(JSON.stringify(groups));
    const nested: (string | undefined)[][] = [[undefined], []];
    log.info(JSON.stringify(nested));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
