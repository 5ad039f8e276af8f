// JSON.parse into declared types: validation failures with paths (TypeError), syntax errors with positions (SyntaxError), duplicates, extras, deep nesting.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Point {
  x: number;
  y: number;
  label?: string;
}

interface Shape {
  name: string;
  points: Point[];
  closed: boolean;
  style?: { color: string; widths: number[] };
  pair?: [string, number];
}

interface Deep {
  next?: Deep;
  depth: number;
}

function depthOf(d: Deep): number {
  let n = 0;
  let cur: Deep | undefined = d;
  while (cur !== undefined) {
    n++;
    cur = cur.next;
  }
  return n;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const inputs = [
      '{"name":"tri","points":[{"x":0,"y":0},{"x":1,"y":0,"label":"b"},{"x":0,"y":1}],"closed":true}',
      '{"name":"s","points":[],"closed":false,"style":{"color":"red","widths":[1,2.5]},"pair":["w",3],"extra":{"ignored":[1,2,3]}}',
      '{"name":"dup","name":"second","points":[],"closed":true}',
      '{"name":5,"points":[],"closed":true}',
      '{"points":[],"closed":true}',
      '{"name":"n","points":[{"x":0}],"closed":true}',
      '{"name":"n","points":[{"x":0,"y":"1"}],"closed":true}',
      '{"name":"n","points":[{"x":0,"y":1},{"x":null,"y":1}],"closed":true}',
      '{"name":"n","points":{},"closed":true}',
      '{"name":"n","points":[],"closed":"yes"}',
      '{"name":"n","points":[],"closed":true,"style":{"color":"c","widths":[1,"2"]}}',
      '{"name":"n","points":[],"closed":true,"style":{"widths":[]}}',
      '{"name":"n","points":[],"closed":true,"pair":["a"]}',
      '{"name":"n","points":[],"closed":true,"pair":["a",1,2]}',
      '{"name":"n","points":[],"closed":true,"pair":[1,"a"]}',
      '{"name":"n","points":[],"closed":true,"label":null,"style":null}',
      '{"name":"n","points":[{"x":1,"y":2,"label":7}],"closed":true}',
      "[]",
      "null",
      '"shape"',
      "42",
      "",
      "   ",
      "{",
      '{"name":"n",}',
      '{"name":"n" "points":[]}',
      '{"name":\'n\'}',
      '{"name":"n","points":[],"closed":tru}',
      '{"name":"n","points":[],"closed":true}x',
      '{"name":"n",\n "points":[\n  1,\n  ]}',
      '{"name":"\u00e9\ud83d\ude00","points":[],"closed":true}',
      '{"name":"n","points":[{"x":1e400,"y":-0}],"closed":true}',
      '\ufeff{"name":"bom","points":[],"closed":true}',
    ];
    for (const text of inputs) {
      try {
        const s: Shape = JSON.parse(text);
        log.info(`ok ${s.name}: ${s.points.length} points, closed=${s.closed} style=${s.style?.color ?? "-"} pair=${s.pair?.join(":") ?? "-"} labels=${s.points.map((p) => p.label ?? "_").join("")}`);
      } catch (e) {
        if (e instanceof TypeError) log.info(`TypeError: ${e.message}`);
        else if (e instanceof SyntaxError) log.info(`SyntaxError: ${e.message}`);
        else if (e instanceof Error) log.info(`other ${e.name}: ${e.message}`);
      }
    }
    let nested = '{"depth":0}';
    for (let i = 1; i < 60; i++) nested = `{"depth":${i},"next":${nested}}`;
    const deep: Deep = JSON.parse(nested);
    log.info(`deep: ${deep.depth} ${depthOf(deep)}`);
    const bad = nested.replace('{"depth":0}', '{"depth":"zero"}');
    try {
      const d: Deep = JSON.parse(bad);
      log.info(`bad deep ${d.depth}`);
    } catch (e) {
      if (e instanceof TypeError) log.info(`bad deep: ${e.message.length > 80 ? e.message.slice(0, 40) + "..." + e.message.slice(-40) : e.message}`);
    }
    for (const levels of [129, 400]) {
      let text = '{"depth":0}';
      for (let i = 1; i < levels; i++) text = `{"depth":${i},"next":${text}}`;
      const parsed: Deep = JSON.parse(text);
      log.info(`${levels} levels: ${depthOf(parsed)} ${JSON.stringify(parsed).length}`);
    }
    try {
      const tooDeep: number[] = JSON.parse("[".repeat(100000) + "]".repeat(100000));
      log.info(`too deep parsed ${tooDeep.length}`);
    } catch (e) {
      if (e instanceof Error) log.info(`too deep: ${e.name}: ${e.message}`);
    }
    const matrix: number[][] = JSON.parse("[[1,2],[],[3.5,-0,1e2]]");
    log.info(`matrix: ${matrix.map((r) => r.length).join(",")} ${JSON.stringify(matrix)}`);
    for (const t of ["[[1],[2,\"x\"]]", "[1]", "[[true]]"]) {
      try {
        const m: number[][] = JSON.parse(t);
        log.info(`matrix ok ${m.length}`);
      } catch (e) {
        if (e instanceof Error) log.info(`${e.name}: ${e.message}`);
      }
    }
    const flags: boolean[] = JSON.parse("[true,false,true]");
    const words: string[] = JSON.parse('["a","b\\n","\\u00e9"]');
    log.info(`flags: ${flags.join(",")} words: ${JSON.stringify(words)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
