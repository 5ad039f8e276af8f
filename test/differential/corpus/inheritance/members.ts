// Static fields (constants) and static methods, getters and setters (also through a base-typed
// reference, overridden in a subclass; updated with +=, ++, --), #private fields and methods (absent from JSON.stringify,
// Object.keys and spread), parameter properties.
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Limits {
  static readonly maxRetries = 3;
  static label = "limits";
  static readonly ratio = -0.5;
  static enabled = true;
  static clamp(n: number): number {
    return Math.min(Math.max(n, 0), Limits.maxRetries);
  }
  static make(name: string): Limits {
    return new Limits(name);
  }
  static describe(): string {
    return `${this.label}:${this.maxRetries}:${this.clamp(10)}`;
  }
  constructor(readonly name: string) {}
}

class Temperature {
  #celsius = 0;
  #history: number[] = [];
  unit = "C";
  get celsius(): number {
    return this.#celsius;
  }
  set celsius(value: number) {
    this.#record(value);
    this.#celsius = value;
  }
  get fahrenheit(): number {
    return this.#celsius * 1.8 + 32;
  }
  set fahrenheit(value: number) {
    this.celsius = (value - 32) / 1.8;
  }
  #record(value: number): void {
    this.#history.push(value);
  }
  get changes(): number {
    return this.#history.length;
  }
}

class Account {
  #balance: number;
  constructor(readonly owner: string, opening: number) {
    this.#balance = opening;
  }
  get balance(): string {
    return this.#balance.toFixed(2);
  }
  deposit(amount: number): this {
    this.#balance += amount;
    return this;
  }
}

class Labelled {
  protected text = "base";
  get label(): string {
    return `[${this.text}]`;
  }
  set label(value: string) {
    this.text = value.trim();
  }
}

class Shouting extends Labelled {
  override get label(): string {
    return `[${this.text.toUpperCase()}]`;
  }
  override set label(value: string) {
    this.text = `${value}!`;
  }
}

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    log.info(`${Limits.maxRetries} ${Limits.label} ${Limits.ratio} ${Limits.enabled} ${Limits.clamp(7)} ${Limits.clamp(-2)} ${Limits.make("x").name} ${Limits.describe()}`);
    const t = new Temperature();
    t.celsius = 100;
    log.info(`${t.celsius} ${t.fahrenheit} ${t.changes}`);
    const assigned = (t.fahrenheit = 32);
    log.info(`${assigned} ${t.celsius} ${t.changes} ${JSON.stringify(t)} ${Object.keys(t).join(",")}`);
    t.celsius += 5;
    t.celsius++;
    const before = t.celsius--;
    const after = ++t.celsius;
    t.fahrenheit *= 2;
    log.info(`${before} ${after} ${t.celsius.toFixed(3)} ${t.changes}`);
    const copy = { ...t };
    log.info(JSON.stringify(copy));
    const account = new Account("ann", 10).deposit(5.5).deposit(1);
    log.info(`${account.owner} ${account.balance} ${JSON.stringify(account)}`);
    const items: Labelled[] = [new Labelled(), new Shouting()];
    for (const item of items) {
      item.label = "  hi  ";
      log.info(item.label);
    }
    envoy.setRequestHeader("x-limit", String(Limits.clamp(Number(envoy.getRequestHeaderValue("x-n") ?? "9"))));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
