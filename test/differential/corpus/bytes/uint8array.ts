// Uint8Array: construction, wrap-around writes, out-of-range reads and writes, subarray aliasing, slice, set, fill, search.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function show(label: string, u: Uint8Array): void {
  log.info(`${label} len=${u.length} [${u.join(",")}] ${String(u)}`);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const a = new Uint8Array(4);
    show("zeroed", a);
    a[0] = 255;
    a[1] = 256;
    a[2] = -1;
    a[3] = 3.9;
    show("wrapped", a);
    const assigned = (a[0] = 300);
    log.info(`assigned=${assigned} a0=${a[0]}`);
    a[10] = 7;
    a[-1] = 7;
    a[1.5] = 7;
    log.info(`out of range writes ignored [${a.join(",")}] len=${a.length}`);
    a[1] += 250;
    a[2]++;
    const old = a[3]++;
    log.info(`compound ${old} [${a.join(",")}]`);
    const b = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, NaN, Infinity, -Infinity, 1e10]);
    show("from numbers", b);
    const view = b.subarray(2, 5);
    view[0] = 99;
    show("view", view);
    show("base after view write", b);
    b[3] = 42;
    show("view after base write", view);
    show("negative subarray", b.subarray(-3));
    show("empty subarray", b.subarray(5, 2));
    const copy = b.slice(1, 4);
    copy[0] = 0;
    show("slice", copy);
    show("base after slice write", b);
    const target = new Uint8Array(6);
    target.set([1, 2, 258]);
    target.set(new Uint8Array([9, 9]), 4);
    show("set", target);
    target.set(target.subarray(0, 3), 2);
    show("overlapping set", target);
    try {
      target.set([1, 2, 3], 5);
    } catch (e) {
      if (e instanceof RangeError) log.info(`set: ${String(e)}`);
    }
    try {
      new Uint8Array(-1);
    } catch (e) {
      if (e instanceof RangeError) log.info(`new: ${String(e)}`);
    }
    show("fill", new Uint8Array(5).fill(300, 1, -1));
    log.info(`indexOf ${b.indexOf(99)} ${b.indexOf(42, 4)} ${b.indexOf(1.5)} ${b.includes(8)} ${b.includes(200)} ${b.indexOf(7, -5)}`);
    show("of", Uint8Array.of(1, 2, 300));
    show("from", Uint8Array.from([5, 6, 7]));
    show("from u8", Uint8Array.from(view));
    show("copy ctor", new Uint8Array(view));
    let sum = 0;
    for (const x of b) sum += x;
    const arr = Array.from(view);
    const spread = [...view, 1];
    log.info(`sum=${sum} arr=${JSON.stringify(arr)} spread=${JSON.stringify(spread)} byteLength=${b.byteLength}`);
    const live = new Uint8Array([1, 2, 3]);
    const seen: number[] = [];
    for (const x of live) {
      seen.push(x);
      if (x === 1) live[2] = 77;
    }
    log.info(`live iteration ${JSON.stringify(seen)} ${typeof live}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
