// Closures capturing loop variables: a fresh binding per iteration for `let` in for (including one
// the body or the update changes), for-of and for-in-free while loops with a `let` in the body,
// variables declared outside the loop (shared), and closures created in nested loops.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const fs: (() => number)[] = [];
    for (let i = 0; i < 3; i++) fs.push(() => i);
    log.info(fs.map((f) => f()).join(","));

    const gs: (() => string)[] = [];
    for (let i = 0, j = 10; i < 3; i++, j--) {
      gs.push(() => `${i}/${j}`);
      i += 0.5;
    }
    log.info(gs.map((g) => g()).join(" "));

    const bumpers: (() => number)[] = [];
    for (let k = 0; k < 3; k++) bumpers.push(() => ++k);
    log.info(`${bumpers[0]!()} ${bumpers[0]!()} ${bumpers[1]!()} ${bumpers[2]!()}`);

    const hs: (() => string)[] = [];
    for (const w of ["a", "b", "c"]) hs.push(() => w.toUpperCase());
    for (const [n, s] of [[1, "x"], [2, "y"]] as [number, string][]) hs.push(() => s.repeat(n));
    log.info(hs.map((h) => h()).join(""));

    const ws: (() => number)[] = [];
    let n = 0;
    while (n < 3) {
      const snapshot = n * 10;
      let live = n;
      ws.push(() => snapshot + live);
      live += 100;
      n++;
    }
    log.info(ws.map((w) => w()).join(","));

    const shared: (() => number)[] = [];
    let total = 0;
    for (let i = 1; i <= 3; i++) {
      total += i;
      shared.push(() => total);
    }
    total = -1;
    log.info(shared.map((f) => f()).join(","));

    const grid: (() => string)[] = [];
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 2; c++) grid.push(() => `${r}${c}`);
    }
    log.info(grid.map((g) => g()).join(" "));

    const early: (() => number)[] = [];
    for (let i = 0; i < 10; i++) {
      if (i % 2 === 1) continue;
      if (i > 6) break;
      early.push(() => i * i);
    }
    log.info(early.map((f) => f()).join(","));

    let d = 0;
    const dos: (() => number)[] = [];
    do {
      const captured = d;
      dos.push(() => captured);
      d += 2;
    } while (d < 6);
    log.info(dos.map((f) => f()).join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
