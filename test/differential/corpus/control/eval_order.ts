// Evaluation order with side effects: operands left to right, short-circuit of && || ?? ?:, arguments, assignments.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function v<V>(trail: string[], tag: string, value: V): V {
  trail.push(tag);
  return value;
}

class T implements HttpFilter {
  private trail: string[] = [];


  private flush(label: string, result: string | number | boolean | null | undefined): void {
    log.info(`${label} => ${String(result)} [${this.trail.join(" ")}]`);
    this.trail.splice(0);
  }

  private three(a: number, b: number, c: number): number {
    this.trail.push("call");
    return a * 100 + b * 10 + c;
  }

  onRequestHeaders(): RequestHeadersStatus {
    this.flush("&& false", v(this.trail, "a", false) && v(this.trail, "b", true));
    this.flush("&& true", v(this.trail, "a", true) && v(this.trail, "b", false));
    this.flush("|| true", v(this.trail, "a", true) || v(this.trail, "b", false));
    this.flush("|| false", v(this.trail, "a", "") || v(this.trail, "b", "x"));
    this.flush("?? null", v<number | null>(this.trail, "a", null) ?? v(this.trail, "b", 2));
    this.flush("?? 0", v<number | null>(this.trail, "a", 0) ?? v(this.trail, "b", 2));
    this.flush("?? undef", v<string | undefined>(this.trail, "a", undefined) ?? v(this.trail, "b", "d"));
    this.flush("ternary", v(this.trail, "c", 1 > 2) ? v(this.trail, "t", "yes") : v(this.trail, "f", "no"));
    this.flush("mixed", (v(this.trail, "a", false) || v(this.trail, "b", true)) && (v<boolean | null>(this.trail, "c", null) ?? v(this.trail, "d", true)));
    this.flush("arith", v(this.trail, "a", 1) + v(this.trail, "b", 2) * v(this.trail, "c", 3) - v(this.trail, "d", 4) ** v(this.trail, "e", 2));
    this.flush("compare", v(this.trail, "a", 5) < v(this.trail, "b", 3));
    this.flush("args", this.three(v(this.trail, "x", 1), v(this.trail, "y", 2), v(this.trail, "z", 3)));
    this.flush("template", `${v(this.trail, "p", 1)}${v(this.trail, "q", 2)}${v(this.trail, "r", 3)}`);
    this.flush("array", [v(this.trail, "a", 1), v(this.trail, "b", 2)].length);
    this.flush("object", JSON.stringify({ k2: v(this.trail, "k2", 2), k1: v(this.trail, "k1", 1) }));
    const arr = [0, 0, 0];
    arr[v(this.trail, "index", 1)] = v(this.trail, "value", 9);
    this.flush("assign", arr.join(""));
    let i = 0;
    const xs = [10, 20, 30];
    const r = xs[i++]! + xs[i++]! * xs[i]!;
    this.flush("indices", `${r} i=${i}`);
    this.flush("not", !v(this.trail, "a", 0) && !v(this.trail, "b", ""));
    this.flush("chain", v(this.trail, "a", 1) && v(this.trail, "b", 2) && v(this.trail, "c", 0) && v(this.trail, "d", 4));
    this.flush("or chain", v(this.trail, "a", 0) || v(this.trail, "b", -0) || v(this.trail, "c", NaN) || v(this.trail, "d", 4));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
