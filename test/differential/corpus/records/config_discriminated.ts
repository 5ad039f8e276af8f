// Discriminated unions and null in decoded types (configs and JSON.parse targets): object members picked by a discriminant (string, number enum, boolean literals), missing or unknown discriminants named by path with the expected values, JSON null as null, narrowing by switch/if on the decoded values.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

enum Level {
  Low = 1,
  High = 2,
}

interface Prefix {
  kind: "prefix";
  prefix: string;
}
interface Regex {
  kind: "regex";
  pattern: string;
  flags?: string;
}
type Match = Prefix | Regex;

interface Fixed {
  level: Level.Low;
}
interface Scaled {
  level: Level.High;
  factor: number;
}

type Tree = { kind: "leaf"; v: number } | { kind: "node"; l: Tree; r: Tree };

function sum(t: Tree): number {
  return t.kind === "leaf" ? t.v : sum(t.l) + sum(t.r);
}

type Outcome = { ok: true; value: number } | { ok: false; error: string };

interface Config {
  rules: Match[];
  limit?: Fixed | Scaled;
  fallback: string | Match;
  note: string | null;
  parent: Match | null;
  weight: number | null;
}

function describe(m: Match): string {
  switch (m.kind) {
    case "prefix":
      return `prefix ${m.prefix}`;
    case "regex":
      return `regex /${m.pattern}/${m.flags ?? ""}`;
  }
}

function limit(l: Fixed | Scaled | undefined): string {
  if (l === undefined) return "none";
  if (l.level === Level.High) return `scaled x${l.factor}`;
  return "fixed";
}

function outcome(o: Outcome): string {
  return o.ok ? `ok ${o.value}` : `error ${o.error}`;
}

class T implements HttpFilter {
  constructor(private readonly config: Config) {}

  onRequestHeaders(): RequestHeadersStatus {
    const c = this.config;
    log.info(`config: ${JSON.stringify(c)}`);
    log.info(`rules: ${c.rules.map(describe).join("; ")} limit: ${limit(c.limit)}`);
    log.info(`fallback: ${typeof c.fallback === "string" ? c.fallback : describe(c.fallback)} note: ${c.note === null ? "null" : c.note} parent: ${c.parent === null ? "none" : describe(c.parent)} weight: ${c.weight ?? "unset"}`);
    for (const text of ['{"ok":true,"value":3}', '{"ok":false,"error":"bad"}', '{"value":3}', '{"ok":"yes"}', '{"ok":true}', "[]", "null"]) {
      try {
        const parsed: Outcome = JSON.parse(text);
        log.info(`parsed: ${JSON.stringify(parsed)} ${outcome(parsed)}`);
      } catch (e) {
        log.info(`parse: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
      }
    }
    for (const text of ['[{"kind":"regex","pattern":"a+"},null]', '[null]', '[{"kind":"glob"}]', '[{"pattern":"x"}]', '[1]']) {
      try {
        const parsed: (Match | null)[] = JSON.parse(text);
        log.info(`list: ${parsed.map((m) => (m === null ? "null" : describe(m))).join(", ")}`);
      } catch (e) {
        log.info(`list: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
      }
    }
    for (const text of ['{"mode":"fast"}', '{"mode":["a"]}', '{"mode":"medium"}', '{"mode":null}']) {
      try {
        const parsed: { mode: "fast" | "slow" | string[] | null } = JSON.parse(text);
        log.info(`mode: ${JSON.stringify(parsed.mode)}`);
      } catch (e) {
        log.info(`mode: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
      }
    }
    for (const text of ['{"kind":"node","l":{"kind":"leaf","v":1},"r":{"kind":"node","l":{"kind":"leaf","v":2},"r":{"kind":"leaf","v":3}}}', '{"kind":"node","l":{"kind":"leaf","v":1},"r":{"kind":"tree"}}']) {
      try {
        const tree: Tree = JSON.parse(text);
        log.info(`tree: ${sum(tree)} ${JSON.stringify(tree)}`);
      } catch (e) {
        log.info(`tree: ${e instanceof Error ? `${e.name}: ${e.message}` : "?"}`);
      }
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", (config: Config) => new T(config));
// config: {"rules":[{"kind":"prefix","prefix":"/api"},{"pattern":"^/v[0-9]+","kind":"regex","flags":"i"}],"limit":{"level":2,"factor":1.5},"fallback":{"kind":"prefix","prefix":"/"},"note":null,"parent":{"kind":"regex","pattern":"x"},"weight":null}
// config: {"rules":[],"fallback":"default","note":"hi","parent":null,"weight":3}
// config: {"rules":[{"kind":"glob","prefix":"/"}],"fallback":"x","note":null,"parent":null,"weight":1}
// config: {"rules":[{"prefix":"/"}],"fallback":"x","note":null,"parent":null,"weight":1}
// config: {"rules":[],"limit":{"level":3},"fallback":"x","note":null,"parent":null,"weight":1}
// config: {"rules":[],"fallback":{"kind":"regex"},"note":null,"parent":null,"weight":1}
// config: {"rules":[],"fallback":"x","note":5,"parent":null,"weight":1}
// config: {"rules":[],"fallback":"x","parent":null,"weight":1}
// config: {"rules":[],"fallback":"x","note":null,"parent":[],"weight":"w"}
