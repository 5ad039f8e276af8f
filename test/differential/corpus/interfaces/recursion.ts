// Recursion through interface-typed values: a class whose optional field has the interface type
// it implements (mapped while the interface itself is), object literals in the same chain, method
// calls dispatched at every level, and recursion too deep for the stack (RangeError, catchable).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Node {
  next?: Node;
  depth(): number;
  labels(): string[];
}

class Link implements Node {
  constructor(
    public next?: Node,
    readonly label = "l",
  ) {}
  depth(): number {
    return 1 + (this.next?.depth() ?? 0);
  }
  labels(): string[] {
    return [this.label, ...(this.next?.labels() ?? [])];
  }
}

interface Deep {
  inner?: Deep;
  count(): number;
}

class Layer implements Deep {
  constructor(public inner?: Deep) {}
  count(): number {
    return 1 + (this.inner?.count() ?? 0);
  }
}

function chain(n: number): Node | undefined {
  let head: Node | undefined;
  for (let i = 0; i < n; i++) {
    const next = head;
    head = i % 3 === 1 ? { next, depth: () => 1 + (next?.depth() ?? 0), labels: () => ["o", ...(next?.labels() ?? [])] } : new Link(next, `l${i}`);
  }
  return head;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const short = chain(7);
    log.info(`${short?.depth()} ${short?.labels().join(",")} ${short instanceof Link} ${short?.next instanceof Link}`);
    log.info(`${chain(1000)?.depth()} ${chain(0)?.depth() ?? "empty"}`);
    let deep: Deep | undefined;
    for (let i = 0; i < 150000; i++) deep = new Layer(deep);
    try {
      log.info(String(deep?.count()));
    } catch (e) {
      if (e instanceof RangeError) log.info(`${e.name}: ${e.message}`);
      else throw e;
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
