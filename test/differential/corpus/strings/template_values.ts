// Template literals and String() of every value type: numbers, booleans, null, undefined, arrays, nested arrays, errors, unions.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

enum Color {
  Red,
  Green = 5,
}
enum Mode {
  Fast = "fast",
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const u: string | undefined = undefined;
    const n: number | null = null;
    const values: (number | string | boolean | null | undefined)[] = [1, "a", true, null, undefined, -0, NaN, 1e21];
    log.info(`scalars: ${1} ${-1.5} ${true} ${false} ${null} ${undefined} ${u} ${n} ${""} ${"😀"} ${Color.Green} ${Mode.Fast} ${Color.Red}`);
    log.info(`arrays: [${[1, 2, 3]}] [${[]}] [${[[1, 2], [3, [4, 5]]]}] [${["a", "b"]}] [${[null, undefined, 1]}] [${values}] [${[[], [[]]]}]`);
    log.info(`String: ${String([1, [2, 3]])}|${String([])}|${String(null)}|${String(undefined)}|${String(true)}|${String(-0)}|${String([-0])}|${String(values)}`);
    log.info(`join: ${values.join()}|${values.join("")}|${values.join(" - ")}|${[undefined].join()}|${[null, null].join()}|${[[null], [undefined]].join(";")}`);
    const err = new RangeError("out of range");
    const plain = new Error("");
    const typed = new TypeError("bad type");
    log.info(`errors: ${err} | ${plain} | ${typed} | ${String(err)} | ${err.toString()} | ${[err, plain].join(",")}`);
    const mixed: (string | number)[] = ["x", 2, "y", 3.5];
    let out = "";
    for (const m of mixed) out += `${typeof m}:${m};`;
    log.info(`mixed: ${out}`);
    const opt: { a?: number; b: string | null } = { b: null };
    log.info(`fields: ${opt.a} ${opt.b} ${opt.a ?? "dflt"} ${opt.b ?? "dflt2"}`);
    const nested = `outer ${`inner ${`deepest ${1 + 1}`}`} done`;
    log.info(nested);
    const raw = `line1
line2\ttab \${not} \u00e9 \x41 \u{1F600}`;
    log.info(`${JSON.stringify(raw)} ${raw.length}`);
    const tuple: [string, number, boolean] = ["t", 7, false];
    log.info(`tuple: ${tuple.join("/")} ${String(tuple)} ${tuple}`);
    const m = new Map<string, number>([["k", 1]]);
    log.info(`map: ${m.size} ${m.get("k")} ${m.get("nope")}`);
    log.info(`exprs: ${1 + 2}${"3" + 4}${5 + 6 + "7"}${"8" + (9 + 10)} ${typeof n} ${typeof u} ${typeof values} ${typeof err}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
