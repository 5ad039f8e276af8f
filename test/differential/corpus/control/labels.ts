// Labelled break/continue across nested loops and switch: continue outer from inside a switch,
// break out of a labelled block, labels on for-of and while, finally blocks on the way out.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function findPair(xs: number[], target: number): string {
  let found = "none";
  outer: for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      if (xs[i]! + xs[j]! === target) {
        found = `${i}+${j}`;
        break outer;
      }
    }
  }
  return found;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    log.info(`${findPair([1, 4, 6, 9], 10)} ${findPair([1, 2], 10)}`);

    const out: string[] = [];
    rows: for (const row of [[1, 2, 3], [4, -1, 6], [7, 8, 9]]) {
      for (const v of row) {
        switch (true) {
          case v < 0:
            out.push("neg");
            continue rows;
          case v % 2 === 0:
            out.push(`e${v}`);
            break;
          default:
            if (v === 9) break rows;
            out.push(`o${v}`);
        }
      }
      out.push("|");
    }
    log.info(out.join(" "));

    const trace: string[] = [];
    block: {
      trace.push("start");
      if (trace.length > 0) break block;
      trace.push("never");
    }
    trace.push("after");
    log.info(trace.join(","));

    let i = 0;
    const seen: number[] = [];
    loop: while (true) {
      i++;
      let j = 0;
      do {
        j++;
        if (j === 2) continue loop;
        if (i > 3) break loop;
        seen.push(i * 10 + j);
      } while (j < 5);
    }
    log.info(seen.join(","));

    const steps: string[] = [];
    outer: for (let a = 0; a < 3; a++) {
      try {
        for (let b = 0; b < 3; b++) {
          try {
            if (b === 1) continue outer;
            if (a === 2) break outer;
            steps.push(`${a}${b}`);
          } finally {
            steps.push(`f${a}${b}`);
          }
        }
      } finally {
        steps.push(`F${a}`);
      }
    }
    log.info(steps.join(" "));

    const kinds = ["a", "b", "stop", "c"];
    let result = "";
    scan: for (const k of kinds) {
      switch (k) {
        case "stop":
          break scan;
        case "b":
          result += "B";
          continue scan;
      }
      result += k;
    }
    log.info(result);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
