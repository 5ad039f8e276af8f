// Per-object property order: optional properties appended when first assigned (even to undefined),
// spreads copying the source's own order and presence, rest patterns, JSON.parse's text order,
// Object.keys including properties that hold undefined, and class instances (every field present).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Doc {
  id: number;
  title?: string;
  body?: string;
  meta?: { a?: number; b?: number };
}

class Item {
  note?: string;
  count = 0;
  constructor(readonly name: string) {}
}

function show(d: Doc): string {
  return `${JSON.stringify(d)} [${Object.keys(d).join(",")}]`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const d: Doc = { id: 1 };
    d.body = "b";
    d.title = undefined;
    d.title = "t";
    log.info(show(d));
    const e: Doc = { title: undefined, id: 2 };
    log.info(show(e));
    const copy = { ...d };
    const over: Doc = { ...e, ...d };
    const under: Doc = { ...d, ...e };
    log.info(`${show(copy)} ${show(over)} ${show(under)}`);
    const { id, ...rest } = d;
    log.info(`${id} ${JSON.stringify(rest)} ${Object.keys(rest).join(",")}`);
    const parsed: Doc = JSON.parse('{"body":"x","id":3,"meta":{"b":2,"a":1},"title":"p"}');
    log.info(show(parsed));
    parsed.meta!.a = 10;
    const rebuilt: Doc = { ...parsed, meta: { ...parsed.meta, b: undefined } };
    log.info(show(rebuilt));
    const item = new Item("i");
    log.info(`${JSON.stringify(item)} [${Object.keys(item).join(",")}]`);
    item.note = "n";
    log.info(`${JSON.stringify(item)} [${Object.keys(item).join(",")}]`);
    const docs: Doc[] = [{ id: 5, body: "z" }, { id: 4 }];
    docs[1]!.meta = {};
    docs[1]!.meta!.b = 1;
    docs[1]!.meta!.a = 2;
    log.info(JSON.stringify(docs));
    log.info(JSON.stringify(docs, undefined, 2));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
