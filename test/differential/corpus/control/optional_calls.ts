// Optional chaining on calls and indexes: a?.b?.(), a?.[i], f?.(x), o.m?.(), chains through method
// results, short-circuiting skips argument evaluation, ?. on null vs undefined, with ?? and ?.length.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Handlers {
  onHit?: (n: number) => string;
  nested?: { fire?: () => number; list?: number[][] };
}

class Box {
  constructor(readonly items: string[] | null) {}

  first(): string | undefined {
    return this.items?.[0];
  }

  self(): Box | undefined {
    return this.items === null ? undefined : this;
  }
}

class T implements HttpFilter {
  private evaluated = 0;

  private arg(n: number): number {
    this.evaluated++;
    return n;
  }

  onRequestHeaders(): RequestHeadersStatus {
    const all: (Handlers | undefined)[] = [
      undefined,
      {},
      { onHit: (n) => `hit${n}` },
      { nested: {} },
      { nested: { fire: () => 42, list: [[1, 2], [3]] } },
    ];
    all.forEach((h, k) => {
      const hit = h?.onHit?.(this.arg(k));
      const fired = h?.nested?.fire?.();
      const cell = h?.nested?.list?.[1]?.[0];
      const row = h?.nested?.list?.[this.arg(5)];
      log.info(`${k}: ${hit} ${fired} ${cell} ${row} ${h?.nested?.list?.length ?? "no list"} evaluated=${this.evaluated}`);
    });
    const boxes = [new Box(["x", "y"]), new Box(null), new Box([])];
    log.info(boxes.map((b) => `${b.first()}|${b.self()?.first()}|${b.self()?.items?.length}|${b.items?.at(-1)}`).join(" "));
    const fns: (((s: string) => number) | undefined)[] = [(s) => s.length, undefined];
    log.info(`${fns[0]?.("abc")} ${fns[1]?.("abc")} ${fns[2]?.("abc")} ${fns.at(0)?.("z")}`);
    // A function returning a value where one returning void is expected: the value is ignored.
    const lengthOf = (s: string): number => s.length;
    const sink: (s: string) => void = lengthOf;
    const sinks: ((s: string) => void)[] = [lengthOf, (s) => s.toUpperCase()];
    sink("ignored");
    sinks.forEach((f) => f("x"));
    log.info(`${typeof sink} ${sinks.length}`);
    const lookup = new Map<string, string[]>([["k", ["v0", "v1"]]]);
    log.info(`${lookup.get("k")?.[1]?.toUpperCase()} ${lookup.get("q")?.[1]?.toUpperCase()} ${lookup.get("k")?.map((v) => v.length).join("+")}`);
    const maybeNull: { v: number } | null = this.evaluated > 100 ? { v: 1 } : null;
    log.info(`${maybeNull?.v} ${maybeNull?.v ?? "null-default"} ${typeof maybeNull?.v}`);
    const text: string | undefined = this.evaluated > 0 ? "chain" : undefined;
    log.info(`${text?.slice(1)?.toUpperCase()} ${text?.split("")?.reverse().join("")} ${text?.[99]?.length}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
