// Class fields: initializer order vs parameter properties vs constructor body, methods, per-instance state.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Account {
  readonly created: string;
  balance = 0;
  history: string[] = [];
  private fee = 0.5;

  constructor(
    readonly owner: string,
    private limit: number,
    public tag: string = "std",
  ) {
    this.created = `${owner}/${limit}`;
    this.history.push(`open ${this.tag}`);
  }

  deposit(amount: number): Account {
    this.balance += amount;
    this.history.push(`+${amount}`);
    return this;
  }

  withdraw(amount: number): boolean {
    if (amount + this.fee > this.balance + this.limit) {
      this.history.push(`denied ${amount}`);
      return false;
    }
    this.balance -= amount + this.fee;
    this.history.push(`-${amount}`);
    return true;
  }

  summary(): string {
    return `${this.owner}[${this.tag}] ${this.balance} (${this.history.join(" ")})`;
  }
}

class Point {
  constructor(public x: number, public y: number) {}
  plus(o: Point): Point {
    return new Point(this.x + o.x, this.y + o.y);
  }
  equals(o: Point): boolean {
    return this.x === o.x && this.y === o.y;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const a = new Account("ann", 10);
    const b = new Account("bob", 0, "vip");
    a.deposit(5).deposit(2.5);
    log.info(`${a.withdraw(17)} ${a.withdraw(17.5)} ${b.withdraw(1)}`);
    log.info(a.summary());
    log.info(b.summary());
    log.info(`${a.created} ${b.created} ${JSON.stringify(a)}`);
    log.info(JSON.stringify(Object.keys(b)));
    const p = new Point(1, 2);
    const q = p.plus(new Point(0.1, 0.2));
    log.info(`${q.x} ${q.y} ${p.equals(new Point(1, 2))} ${p === new Point(1, 2)} ${p instanceof Point} ${JSON.stringify(q)}`);
    p.x = -0;
    log.info(`${JSON.stringify(p)} ${p.x === 0}`);
    const pts = [new Point(3, 1), new Point(1, 3), new Point(2, 2)];
    pts.sort((m, n) => m.x - n.x);
    log.info(pts.map((pt) => `(${pt.x},${pt.y})`).join(""));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
