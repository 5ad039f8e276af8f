// Loops: labeled break/continue across nesting levels, labeled blocks, do-while, while(true), comma in for headers.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const found: string[] = [];
    outer: for (let i = 0; i < 5; i++) {
      inner: for (let j = 0; j < 5; j++) {
        if (j > i) continue outer;
        if ((i + j) % 4 === 3) continue inner;
        if (i * j === 6) break outer;
        found.push(`${i}${j}`);
      }
    }
    log.info(found.join(" "));
    const grid = [[1, 2, 3], [4, -5, 6], [7, 8, -9]];
    let firstNeg = "none";
    search: for (let r = 0; r < grid.length; r++) {
      const row = grid[r] ?? [];
      for (let c = 0; c < row.length; c++) {
        const v = row[c] ?? 0;
        if (v < 0) {
          firstNeg = `${r},${c}`;
          break search;
        }
      }
    }
    log.info(`first negative at ${firstNeg}`);
    const steps: string[] = [];
    block: {
      steps.push("start");
      if (grid.length === 3) break block;
      steps.push("unreachable");
    }
    steps.push("after");
    log.info(steps.join(">"));
    let n = 10;
    let runs = 0;
    do {
      runs++;
      n -= 3;
    } while (n > 100);
    log.info(`do-while ran ${runs} n=${n}`);
    let collatz = 27;
    let count = 0;
    while (true) {
      if (collatz === 1) break;
      collatz = collatz % 2 === 0 ? collatz / 2 : 3 * collatz + 1;
      count++;
    }
    log.info(`collatz steps ${count}`);
    const pairs: string[] = [];
    for (let i = 0, j = 10; i < j; i += 2, j -= 3) pairs.push(`${i}/${j}`);
    log.info(pairs.join(" "));
    let k = 0;
    for (;;) {
      if (++k >= 4) break;
    }
    log.info(`k=${k}`);
    let w = 0;
    let skipped = 0;
    while (w < 10) {
      w++;
      if (w % 3 === 0) {
        skipped++;
        continue;
      }
    }
    log.info(`w=${w} skipped=${skipped}`);
    let m = 0;
    do {
      m++;
      if (m === 2) continue;
      if (m === 4) break;
    } while (m < 10);
    log.info(`m=${m}`);
    let x = 0;
    const y = (x++, x++, x * 10);
    log.info(`comma x=${x} y=${y}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
