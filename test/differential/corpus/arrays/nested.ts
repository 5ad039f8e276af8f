// Nested arrays: matrices, transpose, flattening by hand, jagged rows, aliasing of inner arrays.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function transpose(m: number[][]): number[][] {
  const rows = m.length;
  const cols = rows > 0 ? m[0]!.length : 0;
  const out: number[][] = [];
  for (let c = 0; c < cols; c++) {
    const row: number[] = [];
    for (let r = 0; r < rows; r++) row.push(m[r]![c]!);
    out.push(row);
  }
  return out;
}

function multiply(a: number[][], b: number[][]): number[][] {
  return a.map((row) => transpose(b).map((col) => row.reduce((sum, v, i) => sum + v * col[i]!, 0)));
}

type Tree = (number | Tree)[];

function flatten(t: Tree, out: number[]): number[] {
  for (const item of t) {
    if (typeof item === "number") out.push(item);
    else flatten(item, out);
  }
  return out;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const m = [[1, 2, 3], [4, 5, 6]];
    log.info(JSON.stringify(transpose(m)));
    log.info(JSON.stringify(multiply(m, transpose(m))));
    const id = [[1, 0], [0, 1]];
    log.info(JSON.stringify(multiply(id, [[7, 8], [9, 10]])));
    const tree: Tree = [1, [2, [3, [4, []]], 5], [[6]]];
    log.info(`${flatten(tree, []).join(",")} ${JSON.stringify(tree)} ${String(tree)}`);
    const jagged: number[][] = [[], [1], [1, 2], [1, 2, 3]];
    log.info(jagged.map((r) => r.length).join("") + " " + jagged.map((r) => `[${r}]`).join(""));
    const inner = [0];
    const shared = [inner, inner];
    shared[0]!.push(1);
    log.info(`${JSON.stringify(shared)} ${shared[0] === shared[1]}`);
    const board: string[][] = [];
    for (let r = 0; r < 3; r++) {
      const row: string[] = [];
      for (let c = 0; c < 3; c++) row.push((r + c) % 2 === 0 ? "#" : ".");
      board.push(row);
    }
    board[1]![1] = "X";
    for (const row of board) log.info(row.join(""));
    let diag = 0;
    for (let i = 0; i < 3; i++) diag += m[0]![i] ?? 0;
    log.info(`diag=${diag} missing=${m[5]?.[0]} ${m[1]?.[9]}`);
    const cube = [[[1, 2], [3]], [[4]]];
    log.info(`${cube[0]![0]![1]} ${cube.length} ${cube[0]!.length} ${JSON.stringify(cube)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
