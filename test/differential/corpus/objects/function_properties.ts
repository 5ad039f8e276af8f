// Interfaces with function-typed properties: strategies, optional callbacks f?.(), pipelines of handlers.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Strategy {
  name: string;
  apply: (x: number) => number;
  describe?: (x: number) => string;
}

interface Hooks {
  before?: (label: string) => void;
  after?: (label: string, result: number) => void;
}

function run(strats: Strategy[], input: number, hooks: Hooks): number {
  let v = input;
  for (const s of strats) {
    hooks.before?.(s.name);
    v = s.apply(v);
    hooks.after?.(s.name, v);
    log.info(s.describe?.(v) ?? `${s.name} has no describer`);
  }
  return v;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let factor = 2;
    const strats: Strategy[] = [
      { name: "double", apply: (x) => x * factor },
      { name: "inc", apply: (x) => x + 1, describe: (x) => `inc gave ${x}` },
      { name: "neg", apply: (x) => -x, describe: (x) => `neg gave ${x} (${x < 0 ? "negative" : "non-negative"})` },
    ];
    const trail: string[] = [];
    const result = run(strats, 5, { before: (l) => trail.push(`>${l}`), after: (l, r) => trail.push(`<${l}=${r}`) });
    log.info(`result=${result} trail=${trail.join(" ")}`);
    factor = 10;
    log.info(`result2=${run(strats, 1, {})}`);
    const registry = new Map<string, Strategy>();
    for (const s of strats) registry.set(s.name, s);
    const pick = (n: string) => registry.get(n)?.apply(3);
    log.info(`${pick("double")} ${pick("neg")} ${pick("missing")}`);
    const maybeFn: ((s: string) => string) | undefined = strats.length > 10 ? (s) => s : undefined;
    log.info(`${maybeFn?.("x")} ${maybeFn?.("x") ?? "no fn"}`);
    const composed = strats.reduce((f: (x: number) => number, s) => (x: number) => s.apply(f(x)), (x: number) => x);
    log.info(`composed(0)=${composed(0)} composed(7)=${composed(7)}`);
    const obj: Strategy = { name: "self", apply: (x) => x };
    obj.apply = (x) => x * x;
    obj.describe = (x) => `now squares: ${x}`;
    log.info(`${obj.apply(9)} ${obj.describe?.(obj.apply(3))} ${typeof obj.apply} ${JSON.stringify(obj)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
