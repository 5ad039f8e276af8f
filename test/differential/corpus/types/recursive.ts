// Recursive types without an interface: a function type returning itself, a JSON-like union
// recursing through arrays (narrowed by Array.isArray and typeof), mapped and stringified.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

type Step = (n: number) => Step | undefined;
type Json = string | number | boolean | null | Json[];

function countdown(n: number): Step | undefined {
  return n <= 0 ? undefined : () => countdown(n - 1);
}

function show(j: Json): string {
  if (Array.isArray(j)) return `[${j.map(show).join(";")}]`;
  return typeof j === "string" ? `"${j}"` : String(j);
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let s = countdown(3);
    let steps = 0;
    while (s) {
      s = s(0);
      steps++;
    }
    log.info(`steps=${steps}`);
    const data: Json = [1, "a", [true, null, []], 2.5];
    log.info(`${show(data)} ${JSON.stringify(data)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
