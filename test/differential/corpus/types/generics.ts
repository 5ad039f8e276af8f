// Generic functions and classes, monomorphized per type argument.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function first<T>(items: T[]): T | undefined {
  return items[0];
}

function mapAll<T, U>(items: T[], f: (item: T) => U): U[] {
  const out: U[] = [];
  for (const item of items) out.push(f(item));
  return out;
}

function pair<A, B>(a: A, b: B): [A, B] {
  return [a, b];
}

class Stack<T> {
  private items: T[] = [];

  push(item: T): number {
    this.items.push(item);
    return this.items.length;
  }

  pop(): T | undefined {
    return this.items.pop();
  }

  peek(): T | undefined {
    return this.items[this.items.length - 1];
  }

  size(): number {
    return this.items.length;
  }
}

interface Box<T> {
  value: T;
  label: string;
}

function unbox<T>(box: Box<T>): T {
  return box.value;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`${first([3, 4])} ${first(["s"])} ${first<number>([])}`);
    log.info(mapAll([1, 2, 3], (n) => `n${n}`).join(",") + " " + mapAll(["a", "bb"], (s) => s.length).join(","));
    const p = pair("k", 42);
    log.info(`${p[0]} ${p[1]} ${pair(true, [1, 2])[1].length}`);
    const numbers = new Stack<number>();
    numbers.push(1);
    numbers.push(2);
    const strings = new Stack<string>();
    strings.push("x");
    log.info(`${numbers.pop()} ${numbers.peek()} ${strings.pop()} ${strings.pop()} ${numbers.size()}`);
    const box: Box<string> = { value: "inside", label: "b" };
    log.info(`${unbox(box)} ${unbox({ value: 7, label: "n" })}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
