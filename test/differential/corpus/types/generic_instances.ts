// Generic classes and functions instantiated at several types: queues, pairs, caches, constraints.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Queue<T> {
  private items: T[] = [];
  enqueue(...xs: T[]): number {
    for (const x of xs) this.items.push(x);
    return this.items.length;
  }
  dequeue(): T | undefined {
    return this.items.shift();
  }
  toArray(): T[] {
    return [...this.items];
  }
}

function mapQueue<T, U>(src: Queue<T>, f: (x: T) => U): Queue<U> {
  const q = new Queue<U>();
  for (const x of src.toArray()) q.enqueue(f(x));
  return q;
}

class Pair<K, V> {
  constructor(readonly key: K, readonly value: V) {}
  swap(): Pair<V, K> {
    return new Pair(this.value, this.key);
  }
}

interface Named {
  name: string;
}

function longestName<T extends Named>(items: T[]): T | undefined {
  let best: T | undefined;
  for (const it of items) if (best === undefined || it.name.length > best.name.length) best = it;
  return best;
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

function identity<T>(x: T): T {
  return x;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const q = new Queue<number>();
    log.info(`${q.enqueue(1, 2, 3)} ${q.dequeue()} ${JSON.stringify(mapQueue(q, (n) => `#${n}`).toArray())} ${JSON.stringify(mapQueue(q, (n) => n > 2).toArray())}`);
    const sq = new Queue<string>();
    log.info(`${sq.dequeue()} ${sq.enqueue()} ${sq.enqueue("a")} ${mapQueue(sq, (s) => s.length).toArray()}`);
    const p = new Pair("k", 1);
    const s = p.swap();
    log.info(`${p.key}=${p.value} ${s.key}=${s.value} ${JSON.stringify(s)} ${JSON.stringify(new Pair([1], { z: true }))}`);
    const people = [{ name: "al", age: 3 }, { name: "bertha", age: 5 }, { name: "cy", age: 3 }];
    log.info(`${longestName(people)?.age} ${longestName([] as Named[])?.name}`);
    const groups = groupBy(people, (pp) => pp.age);
    for (const [age, list] of groups) log.info(`${age}: ${list.map((x) => x.name).join(",")}`);
    const byLen = groupBy(["a", "bb", "c", "dd", "eee"], (w) => w.length % 2 === 0);
    log.info(JSON.stringify([...byLen]));
    log.info(`${identity(5)} ${identity("s")} ${identity([1, 2]).length} ${identity<number | null>(null)} ${identity(true)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
