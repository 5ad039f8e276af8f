// some/every short-circuit (visits logged), vacuous truth on empty arrays, predicates with index.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  private visits: string[] = [];

  private probe(tag: string, result: boolean): boolean {
    this.visits.push(tag);
    return result;
  }

  onRequestHeaders(): RequestHeadersStatus {
    const xs = [2, 4, 5, 6, 7];
    const anyOdd = xs.some((x, i) => this.probe(`s${i}`, x % 2 === 1));
    const allEven = xs.every((x, i) => this.probe(`e${i}`, x % 2 === 0));
    const allPos = xs.every((x, i) => this.probe(`p${i}`, x > 0));
    const anyBig = xs.some((x, i) => this.probe(`b${i}`, x > 100));
    log.info(`${anyOdd} ${allEven} ${allPos} ${anyBig} visits=${this.visits.join(",")}`);
    const empty: number[] = [];
    log.info(`empty some=${empty.some(() => true)} every=${empty.every(() => false)}`);
    const words = ["alpha", "beta", "", "delta"];
    log.info(`${words.some((w) => w === "")} ${words.every((w) => w.length < 6)} ${words.every((w, i, arr) => arr.length === 4 && i < 4)}`);
    const grid = [[1, 2], [3, 4], [5]];
    log.info(`${grid.every((row) => row.some((v) => v % 2 === 1))} ${grid.some((row) => row.every((v) => v > 4))}`);
    const nanList = [NaN, 1];
    log.info(`${nanList.some((v) => v !== v)} ${nanList.every((v) => v === v)} ${nanList.some((v) => Number.isNaN(v))}`);
    const seen = new Set<number>();
    const dup = [3, 1, 4, 1, 5].some((v) => {
      if (seen.has(v)) return true;
      seen.add(v);
      return false;
    });
    log.info(`dup=${dup} seen=${[...seen].join(",")}`);
    let calls = 0;
    const res = [1, 2, 3].every((v) => {
      calls++;
      return v < 2;
    });
    log.info(`res=${res} calls=${calls}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
