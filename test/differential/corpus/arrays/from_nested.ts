// Array.from with map functions over arrays, strings, Sets and Maps; nested arrays built, copied and flattened by hand; Array.isArray.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function flatten(xs: number[][]): number[] {
  const out: number[] = [];
  for (const row of xs) for (const x of row) out.push(x);
  return out;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const squares = Array.from([1, 2, 3, 4], (x) => x * x);
    const indexed = Array.from(["a", "b", "c"], (s, i) => `${i}${s}`);
    const chars = Array.from("héllo😀", (c) => c.toUpperCase());
    const codes = Array.from("a😀b", (c, i) => `${i}:${c.codePointAt(0)}`);
    log.info(`from: ${squares.join(",")} ${indexed.join(",")} ${chars.join("|")} ${codes.join(" ")}`);
    const set = new Set([3, 1, 3, 2, 1]);
    const map = new Map<string, number>([["x", 1], ["y", 2]]);
    log.info(`collections: ${Array.from(set).join(",")} ${Array.from(set, (v) => v * 10).join(",")} ${Array.from(map, ([k, v]) => `${k}${v}`).join(",")} ${Array.from(map.keys()).join("")} ${Array.from(map.values(), (v) => v + 0.5).join(",")}`);
    const grid: number[][] = [];
    for (let r = 0; r < 4; r++) {
      const row: number[] = [];
      for (let c = 0; c < 4; c++) row.push(r * 4 + c);
      grid.push(row);
    }
    const transposed = grid[0]!.map((_, c) => grid.map((row) => row[c]!));
    log.info(`grid: ${JSON.stringify(grid)} transposed: ${JSON.stringify(transposed)}`);
    const copy = grid.map((row) => row.slice());
    copy[0]![0] = 99;
    const shallow = grid.slice();
    shallow[1]![1] = -1;
    log.info(`copies: ${grid[0]![0]} ${copy[0]![0]} ${grid[1]![1]} ${shallow[1]![1]} ${shallow[1] === grid[1]}`);
    log.info(`flatten: ${flatten(grid).join(",")} ${flatten([]).length} ${flatten([[], [1], []]).join(",")}`);
    const deep: number[][][] = [[[1, 2], [3]], [[4], [], [5, 6]]];
    log.info(`deep: ${deep.length} ${deep[1]!.length} ${deep[1]![2]![1]} ${deep.map((d) => d.map((e) => e.length).join("+")).join(" ")} ${deep[0]![5]?.length}`);
    const jagged: string[][] = [["a"], ["b", "c"], []];
    jagged[2]!.push("d", "e");
    jagged.push(["f"]);
    log.info(`jagged: ${JSON.stringify(jagged)} ${jagged.map((r) => r.join("")).join("")}`);
    const u: string | number[] = [1];
    log.info(`isArray: ${Array.isArray(grid)} ${Array.isArray(grid[0])} ${Array.isArray(u)} ${Array.isArray("abc")}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
