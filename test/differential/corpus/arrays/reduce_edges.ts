// reduce/reduceRight edge cases: single element without initial value, empty arrays, TypeError messages.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private calls = 0;

  private add(a: number, b: number): number {
    this.calls++;
    return a + b;
  }

  onRequestHeaders(): RequestHeadersStatus {
    const one = [42];
    log.info(`${one.reduce((a, b) => this.add(a, b))} calls=${this.calls}`);
    log.info(`${one.reduceRight((a, b) => this.add(a, b))} calls=${this.calls}`);
    const empty: number[] = [];
    log.info(`${empty.reduce((a, b) => this.add(a, b), 7)} ${empty.reduceRight((a, b) => this.add(a, b), -1)} calls=${this.calls}`);
    for (const which of ["reduce", "reduceRight"]) {
      try {
        const v = which === "reduce" ? empty.reduce((a, b) => a + b) : empty.reduceRight((a, b) => a + b);
        log.info(`no error ${v}`);
      } catch (e) {
        if (e instanceof TypeError) log.info(`${which}: TypeError ${e.message}`);
        else if (e instanceof Error) log.info(`${which}: other ${e.name}`);
      }
    }
    const strs: string[] = [];
    try {
      strs.reduce((a, b) => a + b);
    } catch (e) {
      log.info(`strings: ${String(e)}`);
    }
    const filtered = [1, 2, 3].filter((x) => x > 5);
    try {
      log.info(`max ${filtered.reduce((a, b) => (a > b ? a : b))}`);
    } catch (e) {
      log.info(`filtered empty: ${e instanceof TypeError} ${e instanceof Error ? e.message : ""}`);
    }
    const order: string[] = [];
    const total = ["a", "b", "c"].reduceRight((acc, s, i) => {
      order.push(`${i}${s}`);
      return acc + s;
    });
    log.info(`${total} ${order.join(",")}`);
    const mixed = [1, 2, 3].reduce((acc, x) => acc + x, "");
    log.info(`${mixed} ${typeof mixed}`);
    const nested = [[1, 2], [3]].reduceRight((acc: number[], arr) => acc.concat(arr), []);
    log.info(nested.join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
