// Constructors: parameter properties beside default and rest parameters, fields assigned in the body,
// an arrow function stored in a field capturing `this` and parameters, optional fields created by
// ??= in methods, a generic class holding callbacks; JSON.stringify and Object.keys of the instances.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Config {
  readonly doubled: number;
  readonly label: string;
  readonly greet: () => string;
  extra?: string[];
  constructor(readonly base: number, name = "cfg", ...tags: string[]) {
    this.doubled = base * 2;
    this.label = `${name}:${tags.join("+")}`;
    this.greet = () => `${name} ${this.doubled} ${tags.length}`;
  }
  addTag(...more: string[]): number {
    this.extra ??= [];
    this.extra.push(...more);
    return this.extra.length;
  }
  scaled(factor = 2, offset?: number): number {
    return this.base * factor + (offset ?? 0);
  }
}

class Registry<K, V> {
  private readonly entries = new Map<K, V[]>();
  private listeners: ((k: K, v: V) => void)[] = [];
  on(l: (k: K, v: V) => void): void {
    this.listeners.push(l);
  }
  add(k: K, v: V): void {
    const list = this.entries.get(k) ?? [];
    list.push(v);
    this.entries.set(k, list);
    for (const l of this.listeners) l(k, v);
  }
  get(k: K): V[] {
    return this.entries.get(k) ?? [];
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const c = new Config(5, undefined, "a", "b");
    log.info(`${c.doubled} ${c.label} ${c.greet()} ${c.addTag("x")} ${c.addTag("y", "z")} ${c.extra?.join("")}`);
    log.info(`${c.scaled()} ${c.scaled(3)} ${c.scaled(undefined, 1)} ${JSON.stringify(c)}`);
    const d = new Config(1);
    log.info(`${d.label} ${d.greet()} ${JSON.stringify(d)} ${Object.keys(d).join(",")}`);
    const reg = new Registry<string, number>();
    const seen: string[] = [];
    reg.on((k, v) => seen.push(`${k}=${v}`));
    reg.add("a", 1);
    reg.add("a", 2);
    reg.add("b", 3);
    log.info(`${reg.get("a").join(",")} ${reg.get("z").length} ${seen.join(" ")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
