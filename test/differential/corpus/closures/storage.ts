// Closures stored in arrays, Maps and object fields: dispatch tables, event handlers, middleware chains.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

type Handler = (input: string) => string;

class Emitter {
  private handlers = new Map<string, ((payload: number) => void)[]>();

  on(event: string, h: (payload: number) => void): void {
    const list = this.handlers.get(event) ?? [];
    list.push(h);
    this.handlers.set(event, list);
  }

  emit(event: string, payload: number): number {
    const list = this.handlers.get(event) ?? [];
    list.forEach((h) => h(payload));
    return list.length;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const ops = new Map<string, (a: number, b: number) => number>([
      ["+", (a, b) => a + b],
      ["-", (a, b) => a - b],
      ["*", (a, b) => a * b],
      ["/", (a, b) => a / b],
    ]);
    const program: [string, number, number][] = [["+", 1, 2], ["/", 1, 0], ["-", 0.3, 0.1], ["%", 5, 2], ["*", -0, 5]];
    for (const [op, a, b] of program) log.info(`${a} ${op} ${b} = ${ops.get(op)?.(a, b) ?? "unknown op"}`);
    const log2: string[] = [];
    const em = new Emitter();
    let total = 0;
    em.on("add", (n) => (total += n));
    em.on("add", (n) => log2.push(`saw ${n}`));
    em.on("reset", () => (total = 0));
    log.info(`${em.emit("add", 5)} ${em.emit("add", 7)} ${em.emit("none", 1)} total=${total}`);
    em.emit("reset", 0);
    log.info(`after reset ${total} ${log2.join(";")}`);
    const middleware: Handler[] = [(s) => s + "a", (s) => `[${s}]`, (s) => s + s.length];
    log.info(middleware.reduce((acc, h) => h(acc), "start"));
    log.info(middleware.reduceRight((acc, h) => h(acc), "start"));
    const table: { name: string; run: Handler }[] = [];
    for (const suffix of ["!", "?"]) table.push({ name: `add${suffix}`, run: (s) => s + suffix });
    log.info(table.map((t) => `${t.name}:${t.run("x")}`).join(" "));
    const memo = new Map<number, number>();
    const slowSquare = (n: number) => {
      const hit = memo.get(n);
      if (hit !== undefined) return hit;
      log.info(`computing ${n}`);
      const r = n * n;
      memo.set(n, r);
      return r;
    };
    log.info(`${slowSquare(4)} ${slowSquare(4)} ${slowSquare(5)} ${memo.size}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
