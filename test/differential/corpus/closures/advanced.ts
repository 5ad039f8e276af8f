// Closures capturing captured variables, loop bindings in while/for-of, `this` in arrow fields.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Button {
  clicks = 0;
  label: string;
  onClick = () => {
    this.clicks++;
    return `${this.label}:${this.clicks}`;
  };

  constructor(label: string) {
    this.label = label;
  }
}

function adders(): ((x: number) => number)[] {
  const result: ((x: number) => number)[] = [];
  for (const step of [1, 10, 100]) result.push((x) => x + step);
  let k = 0;
  while (k < 2) {
    const captured = k;
    result.push((x) => x * (captured + 2));
    k++;
  }
  return result;
}

function outer(): () => () => number {
  let level1 = 1;
  return () => {
    let level2 = 10;
    level1++;
    return () => {
      level2++;
      return level1 * 100 + level2;
    };
  };
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const b = new Button("ok");
    const click = b.onClick;
    click();
    log.info(`${click()} ${b.clicks}`);
    log.info(adders().map((f) => f(5)).join(","));
    const make = outer();
    const f1 = make();
    const f2 = make();
    log.info(`${f1()} ${f1()} ${f2()} ${f1()}`);
    const late: (() => string)[] = [];
    let message = "early";
    late.push(() => message);
    message = "late";
    log.info(late[0]?.() ?? "none");
    const counters = [0, 0, 0];
    const bumpAll = () => counters.forEach((_, i) => (counters[i] = (counters[i] ?? 0) + i + 1));
    bumpAll();
    bumpAll();
    log.info(counters.join());
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
