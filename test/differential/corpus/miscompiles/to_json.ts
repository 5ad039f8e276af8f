// JSON.stringify calls toJSON(key) (class methods, object methods and function properties) with
// the key JS passes ("" at the top, the property name, the array index) and writes what it
// returns, recursively; toJSON is not called again on its own result.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Money {
  constructor(readonly cents: number) {}
  toJSON(key: string): string {
    return `${key}:${(this.cents / 100).toFixed(2)}`;
  }
}

class Point {
  constructor(readonly x: number, readonly y: number) {}
  toJSON(): { x: number; y: number; price: Money } {
    return { x: this.x, y: this.y, price: new Money(this.x * 100) };
  }
}

class Hidden {
  secret = "s";
  toJSON(): undefined {
    return undefined;
  }
}

class Self {
  n = 1;
  toJSON(): Self {
    return this;
  }
}

class Num {
  toJSON(): number {
    return 42;
  }
}

class Nested {
  constructor(readonly inner: Money[]) {}
  toJSON(): Money[] {
    return this.inner;
  }
}

interface Item {
  id: number;
  toJSON?: (key: string) => string;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const m = new Money(1234);
    log.info(JSON.stringify(m));
    log.info(JSON.stringify({ price: m, list: [m, new Money(5)] }));
    log.info(JSON.stringify([new Point(1, 2)], undefined, 2));
    log.info(JSON.stringify({ a: new Hidden(), b: [new Hidden()], c: 1 }));
    log.info(JSON.stringify(new Hidden()) ?? "undefined");
    log.info(JSON.stringify({ self: new Self(), num: new Num(), nested: new Nested([m]) }));
    const items: Item[] = [{ id: 1 }, { id: 2, toJSON: (key) => `item ${key}` }];
    log.info(JSON.stringify(items));
    log.info(JSON.stringify({ first: items[1] }));
    const withMethod = {
      id: 3,
      toJSON(key: string): string {
        return `method ${key} ${this.id}`;
      },
    };
    log.info(JSON.stringify({ withMethod }));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
