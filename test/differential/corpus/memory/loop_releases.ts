// Loops and hook calls that drop what they allocate (released early, compiler/ir/releases.ts) beside
// loops that keep it (in outer variables, fields, arrays, maps, results): the values kept must read
// the same as in Node after the temporaries around them were freed and their memory reused.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-n","300"],["x-text","héllo wörld, the quick brown fox"]],"endOfStream":false},{"hook":"request_body","data":"alpha beta gamma","endOfStream":false},{"hook":"request_body","data":"delta épsilon zeta","endOfStream":false},{"hook":"request_body","data":"eta theta","endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[["x-n","5"],["x-text",""]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestBodyStatus, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

class Point {
  constructor(
    readonly x: number,
    readonly label: string,
  ) {}
}

/** Keeps nothing: its temporaries go with the caller's iteration. */
function score(word: string): number {
  const upper = word.toUpperCase();
  const parts = upper.split("");
  let n = 0;
  for (const p of parts) n += p.charCodeAt(0) % 7;
  return n;
}

/** Builds a string in place inside each iteration; returns a fresh one. */
function shout(word: string, times: number): string {
  let s = "";
  for (let i = 0; i < times; i++) s += word;
  return s + "!";
}

class T implements HttpFilter {
  private last = "";
  private count = 0;
  private seen: string[] = [];
  private chunks = 0;
  private words = new Map<string, number>();

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const n = Number(envoy.getRequestHeaderValue("x-n") ?? "10");
    const text = envoy.getRequestHeaderValue("x-text") ?? "";
    // Drops everything: slices, upper-cased copies, template strings.
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const piece = `${text.slice(i % 7, (i % 7) + 5).toUpperCase()}-${i}`;
      if (piece.includes("L")) hits++;
      if (i % 3 === 0) continue;
      hits += score(piece) % 2;
    }
    // Keeps one value per iteration in an outer array, and the last in an outer variable.
    const kept: string[] = [];
    let lastPiece = "";
    for (let i = 0; i < 6; i++) {
      const t = text.slice(i, i + 4) + String(i);
      kept.push(t);
      lastPiece = t.toUpperCase();
    }
    // A fresh array per iteration, joined and dropped; a string appended in place per iteration.
    let total = 0;
    for (let i = 0; i < 50; i++) {
      const parts: string[] = [];
      for (let j = 0; j < 4; j++) parts.push(String(i * j));
      let line = "";
      for (const p of parts) line += p + ",";
      total += parts.join("|").length + line.length + shout("ab", i % 4).length;
    }
    // An object per iteration, read and dropped; one kept through `break`.
    let found: Point | undefined;
    for (let i = 0; i < 40; i++) {
      const p = new Point(i, `p${i}`);
      if (p.label.length > 2 && p.x % 13 === 0) {
        found = p;
        break;
      }
    }
    // Characters, wide ones included.
    let wide = 0;
    for (const c of text) if (c.toUpperCase() !== c) wide += c.length;
    log.info(`hits=${hits} kept=${kept.join(",")} last=${lastPiece} total=${total} found=${found?.label ?? "-"} wide=${wide}`);
    envoy.setRequestHeader("x-hits", String(hits));
    return RequestHeadersStatus.Continue;
  }

  onRequestBody(envoy: EnvoyHttpFilter, end: boolean): RequestBodyStatus {
    // The whole call keeps only numbers in fields: released when it returns.
    const body = new TextDecoder().decode(envoy.getReceivedRequestBody());
    for (const w of body.split(" ")) {
      if (w.length > 0) this.count += score(w);
    }
    this.chunks++;
    if (end) this.finish(body);
    return RequestBodyStatus.Continue;
  }

  private finish(body: string): void {
    // Keeps: a field, an array field, a map field.
    for (const w of body.split(" ")) {
      this.last = w.toUpperCase();
      this.seen.push(w.slice(0, 2));
      this.words.set(w, w.length);
    }
    log.info(`count=${this.count} chunks=${this.chunks} last=${this.last} seen=${this.seen.join("/")} words=${[...this.words.keys()].join("+")}`);
  }
}

registerHttpFilter("test", () => new T());
