// Methods returning closures over `this`, arrow-function fields, callbacks keeping their instance.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Meter {
  private readings: number[] = [];
  name: string;
  record = (v: number): number => {
    this.readings.push(v);
    return this.readings.length;
  };

  constructor(name: string) {
    this.name = name;
  }

  adder(step: number): () => number {
    return () => {
      this.readings.push(step);
      return this.total();
    };
  }

  total(): number {
    return this.readings.reduce((a, b) => a + b, 0);
  }

  describer(): (prefix: string) => string {
    const self = this;
    return (prefix) => `${prefix}${self.name}:${self.readings.join("+")}`;
  }

  renamer(): (n: string) => void {
    return (n) => {
      this.name = n;
    };
  }
}

class T implements HttpFilter {
  private seen = 0;

  onRequestHeaders(): RequestHeadersStatus {
    const m = new Meter("m1");
    const other = new Meter("m2");
    const rec = m.record;
    log.info(`${rec(1)} ${rec(2)} ${other.record(100)}`);
    const add5 = m.adder(5);
    const add1 = other.adder(1);
    log.info(`${add5()} ${add5()} ${add1()} ${m.total()} ${other.total()}`);
    const d = m.describer();
    const rename = m.renamer();
    log.info(d("<"));
    rename("renamed");
    log.info(`${d(">")} ${m.name}`);
    [3, 4].forEach(m.record);
    log.info(`${m.total()} ${d("=")}`);
    const bump = () => ++this.seen;
    [1, 2, 3].map(bump);
    log.info(`seen=${this.seen}`);
    const meters = [m, other, new Meter("m3")];
    const totals = meters.map((x) => x.adder(10)).map((f) => f());
    log.info(totals.join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
