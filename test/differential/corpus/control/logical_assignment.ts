// ??=, ||=, &&= on locals, fields, optional record properties and array elements: short-circuiting
// (the right side runs only when assigned), the target evaluated once, and the expression's value.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Opts {
  name?: string;
  retries?: number;
  verbose?: boolean;
}

class Cache {
  hits = 0;
  label: string | undefined = undefined;
  ready = false;
  slots: (number | undefined)[] = [undefined, 0, 5];
}

class T implements HttpFilter {
  private trace: string[] = [];

  private note<V>(tag: string, value: V): V {
    this.trace.push(tag);
    return value;
  }

  onRequestHeaders(): RequestHeadersStatus {
    let a: number | undefined;
    let b: string | null = null;
    let c = 0;
    let d = "x";
    const r1 = (a ??= this.note("a1", 4));
    const r2 = (a ??= this.note("a2", 9));
    const r3 = (b ??= "bee");
    const r4 = (c ||= this.note("c1", 7));
    const r5 = (c ||= this.note("c2", 8));
    const r6 = (d &&= this.note("d1", d + "y"));
    let e = "";
    const r7 = (e &&= this.note("e1", "never"));
    log.info(`${a} ${b} ${c} ${d} ${JSON.stringify(e)} | ${r1} ${r2} ${r3} ${r4} ${r5} ${r6} ${JSON.stringify(r7)} | ${this.trace.join(",")}`);

    const o: Opts = {};
    o.name ??= "anon";
    o.retries ||= 3;
    o.retries &&= o.retries * 2;
    o.verbose ??= false;
    o.verbose ||= true;
    log.info(`${JSON.stringify(o)} ${Object.keys(o).join(",")}`);
    const keep: Opts = { retries: 0, name: "" };
    keep.name ||= "filled";
    keep.retries ??= 99;
    log.info(JSON.stringify(keep));

    const cache = new Cache();
    let gets = 0;
    const target = (): Cache => {
      gets++;
      return cache;
    };
    target().hits ||= 10;
    target().hits ||= 20;
    target().label ??= "first";
    target().label ??= "second";
    target().ready &&= true;
    log.info(`${cache.hits} ${cache.label} ${cache.ready} gets=${gets}`);

    let i = 0;
    cache.slots[i++] ??= 42;
    cache.slots[i++] ||= 43;
    cache.slots[i++] &&= 44;
    cache.slots[i++] ??= 45;
    log.info(`${JSON.stringify(cache.slots)} i=${i}`);

    const counts = new Map<string, number>();
    for (const w of ["a", "b", "a"]) {
      let n = counts.get(w);
      n ??= 0;
      counts.set(w, n + 1);
    }
    log.info([...counts].map(([k, v]) => `${k}${v}`).join(""));

    // Plain || and && keep the left operand's value when it decides.
    const pick = (k: number): number | undefined => (k > 1 ? k : k === 1 ? 0 : undefined);
    const text = (k: number): string | undefined => (k > 1 ? "t" + k : k === 1 ? "" : undefined);
    const cacheOf = (k: number): Cache | undefined => (k > 0 ? cache : undefined);
    for (const k of [0, 1, 2]) {
      const n = pick(k) || -1;
      const len = text(k) && text(k)!.length;
      const hits = cacheOf(k) && cacheOf(k)!.hits;
      const label = text(k) || "none";
      log.info(`k=${k} ${n} ${JSON.stringify(len)} ${hits} ${label} ${text(k) ?? "nullish"}`);
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
