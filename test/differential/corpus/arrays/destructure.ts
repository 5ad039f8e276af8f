// Array and object destructuring: defaults (only for undefined), holes via skipping, rest, swaps, nesting.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Opts {
  host: string;
  port?: number;
  tls?: boolean;
  tags: string[];
}

function describe({ host, port = 80, tls = false, tags: [firstTag = "none", ...moreTags] }: Opts): string {
  return `${host}:${port} tls=${tls} first=${firstTag} more=${moreTags.length}`;
}

class T implements HttpFilter {
  private log2(label: string, v: number): number {
    log.info(`default evaluated for ${label}`);
    return v;
  }

  onRequestHeaders(): RequestHeadersStatus {
    const xs: (number | undefined | null)[] = [1, undefined, null, 4];
    const [a = this.log2("a", 10), b = this.log2("b", 20), c = 30, d = 40, e = this.log2("e", 50)] = xs;
    log.info(`${a} ${b} ${c} ${d} ${e}`);
    const [, second, , fourth] = [1, 2, 3, 4, 5];
    log.info(`${second} ${fourth}`);
    const [head, ...tail] = ["h", "t1", "t2"];
    const [only, ...none] = ["x"];
    log.info(`${head} ${JSON.stringify(tail)} ${only} ${JSON.stringify(none)}`);
    let p = 1;
    let q = 2;
    const [np, nq] = [q, p];
    p = np;
    q = nq;
    log.info(`swap ${p} ${q}`);
    const arr = [10, 20, 30];
    const [first = 0, , third = 0] = arr;
    arr[0] = third;
    arr[2] = first;
    log.info(arr.join(","));
    log.info(describe({ host: "h", tags: [] }));
    log.info(describe({ host: "h", port: 0, tls: true, tags: ["t1", "t2", "t3"] }));
    const { host, ...rest } = { host: "example", port: 8080, tls: true, tags: ["z"] };
    log.info(`${host} ${JSON.stringify(rest)}`);
    const pairs: [string, number][] = [["a", 1], ["b", 2]];
    for (const [k, v] of pairs) log.info(`${k}->${v}`);
    const nestedPairs: [number, number][] = [[1, 2]];
    const [[x1, y1] = [0, 0], [x2, y2] = [9, 9]] = nestedPairs;
    log.info(`${x1} ${y1} ${x2} ${y2}`);
    const { length } = "hello😀";
    log.info(`length=${length}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
