// Classes: field initializers, parameter properties, methods calling methods, objects as values.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}

  add(other: Point): Point {
    return new Point(this.x + other.x, this.y + other.y);
  }

  length(): number {
    return Math.sqrt(this.x * this.x + this.y * this.y);
  }

  toString(): string {
    return `(${this.x}, ${this.y})`;
  }
}

class Account {
  private history: number[] = [];
  balance = 0;
  owner: string;
  note?: string;

  constructor(owner: string, initial: number) {
    this.owner = owner;
    this.deposit(initial);
  }

  deposit(amount: number): Account {
    this.balance += amount;
    this.history.push(amount);
    return this;
  }

  summary(): string {
    return `${this.owner}: ${this.balance} via ${this.history.join("+")} ${this.note ?? "-"}`;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const p = new Point(3, 4).add(new Point(1, -1));
    log.info(`${p.toString()} ${p.length()} ${new Point(3, 4).length()}`);
    const account = new Account("ann", 10);
    account.deposit(5).deposit(7);
    account.note = "vip";
    log.info(account.summary());
    const points = [new Point(1, 1), new Point(2, 2)];
    const same = points[0] === points[0];
    const different = points[0] === points[1];
    log.info(`${same} ${different} ${points.map((q) => q.x).join()}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
