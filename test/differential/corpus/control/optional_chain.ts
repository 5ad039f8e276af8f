// Optional chaining a?.b, a?.[i], f?.(): short-circuits the whole chain (side effects skipped), with ?? fallbacks.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Inner {
  list?: number[];
  name: string;
  fn?: (x: number) => number;
}

interface Outer {
  inner?: Inner;
  tags: string[] | null;
}

class T implements HttpFilter {
  private calls = 0;

  private idx(i: number): number {
    this.calls++;
    return i;
  }

  onRequestHeaders(): RequestHeadersStatus {
    const values: (Outer | undefined)[] = [
      undefined,
      { tags: null },
      { tags: ["t0", "t1"], inner: { name: "n" } },
      { tags: [], inner: { name: "full", list: [5, 6, 7], fn: (x) => x * 3 } },
    ];
    for (let k = 0; k < values.length; k++) {
      const o = values[k];
      const name = o?.inner?.name;
      const second = o?.inner?.list?.[this.idx(1)];
      const tag = o?.tags?.[this.idx(0)];
      const called = o?.inner?.fn?.(this.idx(7));
      const len = o?.inner?.list?.length ?? -1;
      log.info(`#${k} name=${name} second=${second} tag=${tag} called=${called} len=${len} calls=${this.calls}`);
    }
    const maybeArr: number[] | undefined = values.length > 100 ? [1] : undefined;
    log.info(`${maybeArr?.[0]} ${maybeArr?.length} ${maybeArr?.map((x) => x * 2).join()} ${maybeArr?.includes(1) ?? "no array"}`);
    const fns: ((s: string) => string)[] = [(s) => s + "!"];
    log.info(`${fns[0]?.("hi")} ${fns[1]?.("hi")} ${fns[1]?.("hi") ?? "no fn"}`);
    const map = new Map<string, Inner>([["a", { name: "A", list: [1] }]]);
    log.info(`${map.get("a")?.list?.[0]} ${map.get("b")?.list?.[0]} ${map.get("a")?.name} ${map.get("z")?.name ?? "missing"}`);
    const s: string | undefined = values.length > 1 ? "text" : undefined;
    log.info(`${s?.length} ${s?.[1]} ${(s ?? "").length}`);
    const deep: Outer = { tags: ["x"], inner: { name: "deep", list: [] } };
    log.info(`${deep.inner?.list?.[0] ?? "empty"} ${deep.inner?.list?.at(-1)} ${deep.tags?.[0]?.length}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
