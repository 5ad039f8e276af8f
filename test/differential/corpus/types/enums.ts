// Numeric and string enums: values, auto-increment after initializers, switch over them, as Map keys.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

enum Level {
  Low,
  Mid = 5,
  High,
  Max = High * 2,
}

enum Method {
  Get = "GET",
  Post = "POST",
  Delete = "DELETE",
}

function weight(l: Level): string {
  switch (l) {
    case Level.Low:
      return "light";
    case Level.Mid:
    case Level.High:
      return "medium";
    default:
      return "heavy";
  }
}

function isSafe(m: Method): boolean {
  return m === Method.Get;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const levels = [Level.Low, Level.Mid, Level.High, Level.Max];
    log.info(levels.join(",") + " " + levels.map(weight).join(","));
    log.info(`${Level.High > Level.Mid} ${Level.Low + 1} ${JSON.stringify({ l: Level.Max })}`);
    const methods = [Method.Get, Method.Post, Method.Delete];
    log.info(methods.map((m) => `${m}:${isSafe(m)}`).join(" "));
    const counts = new Map<Method, number>();
    for (const m of [Method.Post, Method.Get, Method.Post]) counts.set(m, (counts.get(m) ?? 0) + 1);
    log.info(JSON.stringify([...counts]));
    const sorted = [...methods].sort();
    log.info(sorted.join(" "));
    const lvl: Level = levels.length > 3 ? Level.High : Level.Low;
    log.info(`${lvl === Level.High} ${String(lvl)} ${typeof lvl} ${typeof Method.Get}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
