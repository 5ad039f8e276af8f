// push/pop/shift/unshift: return values, multiple arguments, empty arrays, queue and deque use.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs: number[] = [];
    log.info(`${xs.push(1)} ${xs.push(2, 3, 4)} ${xs.push()} ${JSON.stringify(xs)}`);
    log.info(`${xs.pop()} ${xs.shift()} ${JSON.stringify(xs)} ${xs.length}`);
    log.info(`${xs.unshift(0)} ${xs.unshift(-2, -1)} ${xs.unshift()} ${JSON.stringify(xs)}`);
    const empty: string[] = [];
    log.info(`${empty.pop()} ${empty.shift()} ${empty.length} ${JSON.stringify(empty)}`);
    const queue: string[] = [];
    const order: string[] = [];
    for (const job of ["a", "b", "c"]) queue.push(job);
    while (queue.length > 0) {
      const job = queue.shift()!;
      order.push(job);
      if (job === "a") queue.push("a2");
      if (job === "b") queue.unshift("urgent");
    }
    log.info(order.join(" "));
    const stack: number[] = [];
    for (let i = 1; i <= 5; i++) {
      stack.push(i * i);
      if (i % 2 === 0) log.info(`popped ${stack.pop()} size ${stack.length}`);
    }
    log.info(`stack ${stack.join(",")}`);
    const nested: number[][] = [[1], [2, 3]];
    nested.push([]);
    nested[2]!.push(9, 8);
    nested.unshift(nested.pop()!);
    log.info(JSON.stringify(nested));
    const u: (number | undefined)[] = [undefined];
    u.push(undefined, 5);
    log.info(`${u.length} ${JSON.stringify(u)} ${u.shift()} ${u.pop()} ${u.join("-")}`);
    const strs = ["x"];
    const n = strs.push(...["y", "z"], ..."ab");
    log.info(`${n} ${strs.join("")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
