// Compound and logical assignments and updates of Record entries: d[k] ??= v (||=, &&=), d[k] += x, -=, *=, **=, |=, d[k]++ / --d[k] (prefix and postfix values), absent entries (undefined + 1 is NaN, undefined + "x" is "undefinedx"), += on records of strings, evaluation order (record, key, value), frozen records throw V8's TypeError.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function noted<T>(order: string[], note: string, value: T): T {
  order.push(note);
  return value;
}

function attempt(what: string, f: () => string): void {
  try {
    log.info(`${what}: ${f()}`);
  } catch (e) {
    log.info(`${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const counts: Record<string, number> = { a: 1 };
    for (const word of ["a", "b", "a"]) counts[word] = (counts[word] ?? 0) + 1;
    counts["a"]! += 10;
    counts.b! -= 0.5;
    counts["c"]! += 1;
    const post = counts.a!++;
    const pre = ++counts.a!;
    const down = counts["b"]!--;
    const predown = --counts["n"]!;
    log.info(`numbers: ${JSON.stringify(counts)} post=${post} pre=${pre} down=${down} predown=${predown}`);
    counts.a! *= 2;
    counts.a! **= 2;
    counts.a! %= 7;
    counts.a! |= 8;
    counts.a! <<= 1;
    counts[3]! += 4;
    log.info(`ops: ${counts.a} ${counts["3"]} ${Object.keys(counts).join(",")}`);

    const labels: Record<string, string> = { x: "1" };
    labels["x"]! += "2";
    labels.y! += "z";
    const joined = (labels["x"]! += `-${labels.x!.length}`);
    log.info(`strings: ${JSON.stringify(labels)} ${joined}`);

    const order: string[] = [];
    const box: Record<string, number> = { k: 1 };
    const result = (noted(order, "record", box)[noted(order, "key", "k")]! += noted(order, `value ${box.k}`, 2));
    log.info(`order: ${order.join(",")} ${result} ${box.k}`);

    let total = 0;
    const hist: Record<string, number> = {};
    for (const c of "hello") {
      hist[c] = hist[c] ?? 0;
      hist[c]!++;
      total += hist[c]!;
    }
    log.info(`hist: ${JSON.stringify(hist)} ${total}`);

    const groups: Record<string, string[]> = {};
    for (const word of ["apple", "avocado", "banana"]) (groups[word[0]!] ??= []).push(word);
    const seen: Record<string, number> = { zero: 0, one: 1 };
    const kept = (seen["one"] ??= 5);
    seen["zero"] ||= 7;
    seen["one"] &&= 9;
    seen["none"] &&= 3;
    const setOrder: string[] = [];
    seen[noted(setOrder, "key", "lazy")] ??= noted(setOrder, "value", 4);
    seen[noted(setOrder, "key again", "lazy")] ??= noted(setOrder, "not evaluated", 5);
    log.info(`logical: ${JSON.stringify(groups)} ${kept} ${JSON.stringify(seen)} ${"none" in seen} ${setOrder.join(",")}`);

    const frozen: Record<string, number> = { k: 1 };
    Object.freeze(frozen);
    attempt("frozen +=", () => String((frozen.k! += 1)));
    attempt("frozen ++ new", () => String(frozen["m"]!++));
    attempt("frozen ??= present", () => String((frozen["k"] ??= 3)));
    attempt("frozen ??= new", () => String((frozen["q"] ??= 3)));
    const frozenText: Record<string, string> = { s: "a" };
    Object.freeze(frozenText);
    attempt("frozen string +=", () => (frozenText.s! += "b"));
    log.info(`after: ${JSON.stringify(frozen)} ${JSON.stringify(frozenText)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
