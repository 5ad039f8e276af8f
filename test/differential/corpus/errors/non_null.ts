// x! on values of every representation: passes defined values through, and throws TypeError on undefined and null (a documented difference from Node, made identical in both hosts).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Node2 {
  value: number;
  next: Node2 | null;
  label?: string;
}

function attempt(label: string, f: () => string): void {
  try {
    log.info(`${label}: ${f()}`);
  } catch (e) {
    if (e instanceof TypeError) log.info(`${label}: TypeError: ${e.message}`);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const nums = [1, 2, 3];
    const m = new Map<string, number>([["a", 1]]);
    const strs = new Map<string, string>([["k", "v"]]);
    const tail: Node2 = { value: 2, next: null };
    const head: Node2 = { value: 1, next: tail, label: "head" };
    attempt("array in range", () => String(nums[1]! + 1));
    attempt("array out of range", () => String(nums[5]! + 1));
    attempt("map present", () => String(m.get("a")! * 10));
    attempt("map absent number", () => String(m.get("z")! * 10));
    attempt("map absent string", () => strs.get("z")!.toUpperCase());
    attempt("map present string", () => strs.get("k")!.toUpperCase());
    attempt("null field", () => String(head.next!.value));
    attempt("null field deeper", () => String(head.next!.next!.value));
    attempt("optional field", () => head.label!.length.toString());
    attempt("optional field absent", () => tail.label!.length.toString());
    const mixed: (string | number | null)[] = ["s", 1, null];
    attempt("union null", () => String(mixed[2]!));
    attempt("union undefined", () => String(mixed[3]!));
    attempt("union present", () => String(mixed[0]!) + String(mixed[1]!));
    const opt: (boolean | undefined)[] = [true];
    attempt("boolean", () => String(opt[0]! && !opt[1]!));
    const text = "héllo";
    attempt("codePointAt", () => String(text.codePointAt(1)! + 1));
    attempt("codePointAt past end", () => String(text.codePointAt(9)! + 1));
    attempt("find", () => String(nums.find((n) => n > 1)!));
    attempt("find none", () => String(nums.find((n) => n > 10)!));
    attempt("pop empty", () => String([0].slice(1).pop()!));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
