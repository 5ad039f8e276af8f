// JSON.stringify of cyclic structures (V8's multi-line TypeError naming constructors and keys) and of very deep ones (RangeError).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Deep {
  depth: number;
  next?: Deep;
}

class Link {
  next: Link | null = null;
  kids: Link[] = [];
  constructor(readonly id: number) {}
}

class Box<T> {
  other: Box<T> | null = null;
  constructor(readonly value: T) {}
}

interface Holder {
  name: string;
  owner: Link | null;
  "": Link | null;
  "ключ": Link[];
}

interface Ring {
  "": Ring | null;
  "ключ": Ring | null;
}

function attempt(label: string, f: () => string): void {
  try {
    log.info(`${label}: ${f()}`);
  } catch (e) {
    if (e instanceof Error) log.info(`${label}: ${e.name}: ${JSON.stringify(e.message)}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const self = new Link(1);
    self.next = self;
    attempt("self", () => JSON.stringify(self));
    attempt("self indented", () => JSON.stringify(self, undefined, 2));
    const b = new Link(2);
    const c = new Link(3);
    b.next = c;
    c.next = b;
    attempt("pair", () => JSON.stringify(b));
    attempt("pair in array", () => JSON.stringify([1, [c]]));
    const chain: Link[] = [];
    for (let i = 0; i < 8; i++) chain.push(new Link(i));
    for (let i = 0; i < 7; i++) chain[i]!.next = chain[i + 1]!;
    chain[7]!.kids.push(chain[0]!);
    attempt("long cycle", () => JSON.stringify(chain[0]));
    attempt("entered midway", () => JSON.stringify({ wrap: chain[2] }));
    chain[7]!.kids = [chain[6]!];
    attempt("short cycle at the end", () => JSON.stringify(chain[5]));
    chain[7]!.kids = [chain[4]!];
    attempt("four", () => JSON.stringify(chain[3]));
    const looped = new Link(9);
    looped.kids.push(new Link(10), looped);
    const holder: Holder = { name: "h", owner: looped, "": null, "ключ": [] };
    attempt("through array index", () => JSON.stringify(holder));
    const anon = new Link(11);
    const h2: Holder = { name: "h2", owner: null, "": anon, "ключ": [] };
    anon.kids.push(anon);
    attempt("anonymous key", () => JSON.stringify([h2]));
    const h3: Holder = { name: "h3", owner: null, "": null, "ключ": [] };
    const back = new Link(12);
    h3["ключ"].push(back);
    back.kids.push(back);
    attempt("non-ASCII key", () => JSON.stringify(h3));
    const ring: Ring = { "": null, "ключ": null };
    ring[""] = ring;
    attempt("closing anonymous key", () => JSON.stringify(ring));
    const ring2: Ring = { "": null, "ключ": null };
    const ring3: Ring = { "": null, "ключ": ring2 };
    ring2["ключ"] = ring3;
    attempt("closing non-ASCII key", () => JSON.stringify({ top: [ring2] }));
    const box = new Box<string>("v");
    box.other = new Box<string>("w");
    box.other.other = box;
    attempt("generic class", () => JSON.stringify(box));
    const shared = new Link(13);
    const twice = [shared, shared, { a: shared }];
    attempt("shared, not cyclic", () => JSON.stringify(twice));
    let d: Deep = { depth: 0 };
    for (let i = 1; i < 100; i++) d = { depth: i, next: d };
    attempt("100 deep", () => String(JSON.stringify(d).length));
    for (let i = 100; i < 20000; i++) d = { depth: i, next: d };
    attempt("20000 deep", () => String(JSON.stringify(d).length));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
