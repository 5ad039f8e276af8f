// JSON.stringify indentation (numbers, strings, clamping to 10), empty containers, undefined in arrays and objects, nested records, optional fields.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Leaf {
  name: string;
  tags: string[];
  weight?: number;
  note?: string | null;
}

interface Tree {
  id: number;
  leaves: Leaf[];
  children: Tree[];
  meta: { created: string; flags: boolean[] };
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const tree: Tree = {
      id: 1,
      leaves: [{ name: "a", tags: [], weight: 2 }, { name: "b", tags: ["x", "y"], note: null }],
      children: [{ id: 2, leaves: [], children: [], meta: { created: "t2", flags: [] } }],
      meta: { created: "t1", flags: [true, false] },
    };
    log.info(JSON.stringify(tree));
    for (const space of [0, 1, 2, 4, 10, 11, 100, -1, 2.9]) log.info(`space ${space}: ${JSON.stringify(tree.leaves, undefined, space)}`);
    for (const space of ["", "\t", "--", "😀", "0123456789", "0123456789abc", "é"]) log.info(`space ${JSON.stringify(space)}: ${JSON.stringify(tree.meta, undefined, space)}`);
    log.info(`deep: ${JSON.stringify(tree, undefined, 2)}`);
    const holes: (number | undefined)[] = [1, undefined, 3];
    log.info(`undefined in array: ${JSON.stringify(holes)} ${JSON.stringify(holes, undefined, 1)}`);
    const withUndef: Leaf = { name: "u", tags: ["t"], weight: undefined, note: undefined };
    log.info(`undefined in object: ${JSON.stringify(withUndef)} ${JSON.stringify(withUndef, undefined, 2)}`);
    const empties = { a: [], b: {}, c: [[]], d: [{}], e: "" };
    log.info(`empties: ${JSON.stringify(empties)} ${JSON.stringify(empties, undefined, 3)}`);
    const nestedArrays = [[[1, [2]], []], [[[[]]]]];
    log.info(`nested arrays: ${JSON.stringify(nestedArrays)} ${JSON.stringify(nestedArrays, undefined, "·")}`);
    let chain = "x";
    for (let i = 0; i < 30; i++) chain = `[${chain}]`;
    log.info(`chain text: ${chain.length}`);
    const map = new Map<string, number>([["a", 1]]);
    const set = new Set([1]);
    log.info(`collections: ${JSON.stringify({ map, set, list: [map] })}`);
    const tuple: [string, number, boolean | null] = ["t", 1, null];
    log.info(`tuple: ${JSON.stringify(tuple)} ${JSON.stringify({ tuple }, undefined, 1)}`);
    const strSpace: string = "ab";
    const numSpace: number = 3;
    log.info(`variable spaces: ${JSON.stringify([1, [2]], undefined, strSpace)} ${JSON.stringify({ k: 1 }, undefined, numSpace)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
