// Immediately-invoked arrow functions and function expressions: computed constants, private scopes, nested IIFEs.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private base = 3;

  onRequestHeaders(): RequestHeadersStatus {
    const table = (() => {
      const rows: string[] = [];
      for (let i = 1; i <= 3; i++) rows.push(`${i}x${this.base}=${i * this.base}`);
      return rows;
    })();
    log.info(table.join(" "));
    const kind = ((n: number): string => {
      if (n < 0) return "negative";
      if (n === 0) return "zero";
      return n % 2 === 0 ? "even" : "odd";
    })(this.base);
    log.info(kind);
    const counter = (() => {
      let c = 0;
      return { next: () => ++c, get: () => c };
    })();
    counter.next();
    counter.next();
    log.info(`counter=${counter.get()} ${counter.next()}`);
    const nested = ((a: number) => ((b: number) => ((c: number) => a * 100 + b * 10 + c)(3))(2))(1);
    log.info(`nested=${nested}`);
    const viaExpr = (function (x: number): number {
      return x * x;
    })(12);
    log.info(`expr=${viaExpr}`);
    const named = (function loop(n: number): number {
      return n <= 0 ? 0 : n + loop(n - 1);
    })(100);
    log.info(`named=${named}`);
    const results = [1, 2, 3].map((v) => (() => v * this.base)());
    log.info(results.join(","));
    let side = "";
    const value = (side += "a", side += "b", (() => side.length)());
    log.info(`${side} ${value}`);
    const cfg = (() => ({ host: "h", port: 80 + this.base }))();
    log.info(JSON.stringify(cfg));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
