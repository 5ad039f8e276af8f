// splice in every shape: negative start, omitted/oversized/negative deleteCount, insertion, return values.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function fresh(): string[] {
  return ["a", "b", "c", "d", "e"];
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const calls: [string, (xs: string[]) => string[]][] = [
      ["(1)", (xs) => xs.splice(1)],
      ["(-2)", (xs) => xs.splice(-2)],
      ["(1,2)", (xs) => xs.splice(1, 2)],
      ["(1,0,x,y)", (xs) => xs.splice(1, 0, "x", "y")],
      ["(1,99)", (xs) => xs.splice(1, 99)],
      ["(1,-1)", (xs) => xs.splice(1, -1)],
      ["(-99,1)", (xs) => xs.splice(-99, 1)],
      ["(99,1,z)", (xs) => xs.splice(99, 1, "z")],
      ["(2,1,p,q,r)", (xs) => xs.splice(2, 1, "p", "q", "r")],
      ["(0,5)", (xs) => xs.splice(0, 5)],
      ["(1.7,1.9)", (xs) => xs.splice(1.7, 1.9)],
      ["(NaN,2)", (xs) => xs.splice(NaN, 2)],
      ["(-1,1,last)", (xs) => xs.splice(-1, 1, "last")],
      ["(5,0,end)", (xs) => xs.splice(5, 0, "end")],
    ];
    for (const [label, call] of calls) {
      const xs = fresh();
      const removed = call(xs);
      log.info(`${label}: removed=${JSON.stringify(removed)} now=${JSON.stringify(xs)}`);
    }
    const nums = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    for (let i = nums.length - 1; i >= 0; i--) if (nums[i]! % 3 === 0) nums.splice(i, 1);
    log.info(nums.join(","));
    const ins = [1, 5];
    ins.splice(1, 0, ...[2, 3, 4]);
    log.info(ins.join(","));
    const moved = ["a", "b", "c", "d"];
    const [item] = moved.splice(3, 1);
    moved.splice(0, 0, item ?? "?");
    log.info(moved.join(""));
    const emptyRemoved = [1].splice(0, 0);
    log.info(`${emptyRemoved.length} ${Array.isArray(emptyRemoved)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
