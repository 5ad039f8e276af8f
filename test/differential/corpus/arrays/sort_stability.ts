// Array.prototype.sort is stable: equal keys keep their original order.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Item {
  key: number;
  label: string;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const items: Item[] = [];
    for (let i = 0; i < 40; i++) items.push({ key: (i * 7) % 5, label: `i${i}` });
    items.sort((a, b) => a.key - b.key);
    log.info(items.map((it) => `${it.key}:${it.label}`).join(" "));
    const byLength = ["ccc", "a", "bb", "dd", "e", "fff", "g"];
    byLength.sort((a, b) => a.length - b.length);
    log.info(byLength.join(","));
    const mixed = ["b", "a", "B", "A", "é", "e", "10", "9", "ä", "z"];
    mixed.sort();
    log.info(mixed.join(","));
    const reversed = [3, 1, 2].sort((a, b) => b - a);
    log.info(reversed.join(","));
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
