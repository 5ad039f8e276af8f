// Patterns from the config, compiled once in the config stage (new RegExp) and used by every
// stream: exec, test, match, replace with $1/$<name>, split, search, source/flags; captured
// RegExps are frozen, so with g or y the operations that write lastIndex throw as in Node.
// vector: {"filter":"rx","config":"{\"rules\":[{\"pattern\":\"^/api/v(\\\\d+)/(?<user>[a-z]+)\",\"flags\":\"\"},{\"pattern\":\"straße|ǅ\",\"flags\":\"iu\"},{\"pattern\":\"(?<=x)(y+)\",\"flags\":\"\"},{\"pattern\":\"(\\\\w)\\\\1\",\"flags\":\"\"},{\"pattern\":\"\\\\p{Lu}\\\\p{Ll}+\",\"flags\":\"u\"},{\"pattern\":\"a/b\\n.\",\"flags\":\"s\"},{\"pattern\":\"[-_]\",\"flags\":\"g\"},{\"pattern\":\"\",\"flags\":\"y\"}]}","streams":[{"events":[{"hook":"request_headers","headers":[[":path","/api/v12/alice/STRASSE-Straße"],["x-in","xyy aa Über ǆ 😀 a/b\nz"]],"endOfStream":true},{"hook":"stream_complete"}]},{"events":[{"hook":"request_headers","headers":[[":path","/web/x_y"],["x-in","no match here"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"rx","config":"{\"rules\":[{\"pattern\":\"ok\",\"flags\":\"i\"},{\"pattern\":\"(\",\"flags\":\"\"}]}","streams":[]}
// vector: {"filter":"rx","config":"{\"rules\":[{\"pattern\":\"a\",\"flags\":\"gg\"}]}","streams":[]}
// vector: {"filter":"rx","config":"{\"rules\":[{\"pattern\":\"\\\\p{Nope}\",\"flags\":\"u\"}]}","streams":[]}
// vector: {"filter":"rx","config":"{\"rules\":[{\"pattern\":\"a{2,1}\",\"flags\":\"\"}]}","streams":[]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyFilterConfig, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Rule {
  pattern: string;
  flags: string;
}
interface Config {
  rules: Rule[];
}

function attempt(what: string, run: () => string): void {
  try {
    log.info(`${what}: ${run()}`);
  } catch (e) {
    if (e instanceof Error) log.info(`${what}: ${e.name}: ${e.message}`);
    else throw e;
  }
}

function show(m: RegExpExecArray | RegExpMatchArray | null): string {
  if (m === null) return "null";
  const parts: string[] = [];
  for (let i = 0; i < m.length; i++) {
    const part: string | undefined = m[i];
    parts.push(part === undefined ? "undefined" : JSON.stringify(part));
  }
  return `[${parts.join(",")}]`;
}

class Rx implements HttpFilter {
  constructor(private readonly patterns: RegExp[]) {}

  onRequestHeaders(envoy: EnvoyHttpFilter, _end: boolean): RequestHeadersStatus {
    const inputs = [envoy.getRequestHeaderValue(":path") ?? "", envoy.getRequestHeaderValue("x-in") ?? ""];
    this.patterns.forEach((re, i) => {
      log.info(`rule ${i}: ${String(re)} source=${re.source} flags=${re.flags} global=${re.global} unicode=${re.unicode} lastIndex=${re.lastIndex}`);
      for (const s of inputs) {
        attempt(`  test`, () => String(re.test(s)));
        attempt(`  exec`, () => {
          const m = re.exec(s);
          return m === null ? "null" : `${show(m)} at ${m.index}`;
        });
        attempt(`  match`, () => show(s.match(re)));
        attempt(`  replace`, () => s.replace(re, "<$&|$1|$<user>>"));
        attempt(`  replace fn`, () => s.replace(re, (m: string) => `{${m.length}}`));
        attempt(`  split`, () => s.split(re).join("|"));
        attempt(`  split 2`, () => s.split(re, 2).join("|"));
        attempt(`  search`, () => String(s.search(re)));
      }
      attempt(`  lastIndex =`, () => String((re.lastIndex = 0)));
    });
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("rx", (config: Config, _envoy: EnvoyFilterConfig) => {
  const patterns = config.rules.map((rule) => new RegExp(rule.pattern, rule.flags));
  // Before the config stage ends the RegExps are not frozen yet: lastIndex still moves.
  const probe = new RegExp("a", "g");
  log.info(`config stage: ${patterns.length} patterns; probe ${probe.test("aa")} ${probe.lastIndex}`);
  return () => new Rx(patterns);
});
