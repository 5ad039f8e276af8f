// Array methods with callbacks and their JavaScript semantics.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const xs = [5, 3, 8, 1, 9, 2];
    log.info(xs.map((x, i) => x * i).join(","));
    log.info(xs.filter((x) => x % 2 === 1).join(","));
    log.info(String(xs.reduce((a, b) => a + b, 0)) + " " + String(xs.reduce((a, b) => (a > b ? a : b))));
    log.info(`${xs.find((x) => x > 6)} ${xs.find((x) => x > 60)} ${xs.findIndex((x) => x === 1)} ${xs.findIndex((x) => x === 100)}`);
    log.info(`${xs.some((x) => x > 8)} ${xs.every((x) => x > 0)} ${xs.every((x) => x > 1)}`);
    log.info(`${xs.includes(8)} ${xs.indexOf(9)} ${xs.indexOf(7)} ${[NaN].includes(NaN)} ${[NaN].indexOf(NaN)}`);
    log.info(`${xs.slice(1, 3).join()} ${xs.slice(-2).join()} ${xs.slice(4, 1).length} ${xs.join("-")}`);
    const ys = xs.concat([10, 11], [12]);
    log.info(`${ys.length} ${ys.join(" ")} ${xs.length}`);
    const zs = [...xs].reverse();
    log.info(`${zs.join()} | ${xs.join()}`);
    const stack: number[] = [];
    stack.push(1, 2, 3);
    const popped = stack.pop();
    log.info(`${popped} ${stack.join()} ${stack.shift()} ${stack.join()} ${stack.unshift(7, 8)} ${stack.join()}`);
    log.info(`${[].pop()} ${xs.at(-1)} ${xs.at(100)} ${xs.lastIndexOf(3)}`);
    const words = ["delta", "alpha", "charlie", "bravo"];
    words.sort();
    log.info(words.join(","));
    const nums = [10, 9, 1, 100, 25];
    nums.sort();
    log.info(nums.join(","));
    nums.sort((a, b) => a - b);
    log.info(nums.join(","));
    const removed = nums.splice(1, 2, 77, 88, 99);
    log.info(`${removed.join()} ${nums.join()}`);
    let sum = 0;
    xs.forEach((x) => {
      sum += x;
    });
    log.info(`sum=${sum}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
