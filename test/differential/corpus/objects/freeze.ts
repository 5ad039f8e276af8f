// Object.freeze: the same object, frozen shallowly; writes (assignments, compound ones, adding an optional property, array methods) throw V8's TypeError.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Box {
  v: number;
  label?: string;
  inner: { c: number };
}

interface Named {
  name: string;
}

class Counter implements Named {
  n = 0;
  constructor(public name: string) {}
  inc(): number {
    return ++this.n;
  }
}

function attempt(what: string, f: () => void): void {
  try {
    f();
    log.info(`${what}: ok`);
  } catch (e) {
    log.info(`${what}: ${e instanceof TypeError} ${String(e)}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const box: Box = { v: 1, inner: { c: 2 } };
    const same = Object.freeze(box);
    log.info(`same object: ${same === box} ${JSON.stringify(same)}`);
    attempt("assign", () => { box.v = 2; });
    attempt("compound", () => { box.v += 1; });
    attempt("increment", () => { box.v++; });
    attempt("add optional", () => { box.label = "x"; });
    attempt("nested is not frozen", () => { box.inner.c = 3; });
    log.info(`after: ${JSON.stringify(box)}`);
    const counter = new Counter("c");
    counter.inc();
    Object.freeze(counter);
    attempt("method writing a field", () => { counter.inc(); });
    const named: Named = counter;
    attempt("write through an interface", () => { named.name = "d"; });
    log.info(`counter: ${counter.n} ${counter.name}`);
    const other: Named = { name: "plain" };
    attempt("an unfrozen object of the same type", () => { other.name = "changed"; });
    log.info(`other: ${other.name}`);
    const xs = [1, 2, 3];
    const frozen = Object.freeze(xs);
    attempt("push", () => { xs.push(4); });
    attempt("element", () => { xs[0] = 9; });
    attempt("sort", () => { xs.sort((a, b) => b - a); });
    log.info(`array: ${frozen.map((x) => x * 2).join(",")} ${frozen.length} ${frozen === xs}`);
    const pair: [string, number] = ["a", 1];
    Object.freeze(pair);
    attempt("tuple element", () => { pair[1] = 2; });
    log.info(`primitives: ${Object.freeze("text")} ${Object.freeze(42)}`);
    const table = Object.freeze({ get: 1, post: 2 });
    log.info(`literal: ${table.get + table.post} ${JSON.stringify(table)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
