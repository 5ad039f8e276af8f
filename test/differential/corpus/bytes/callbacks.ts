// Uint8Array forEach/map/some/every: arguments (byte, index, bytes), live reads, ToUint8 of map's results, early exit.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const u = new Uint8Array([10, 20, 30, 40]);
    const seen: string[] = [];
    u.forEach((b, i, all) => {
      seen.push(`${i}:${b}/${all.length}`);
      if (i === 0) all[2] = 99;
    });
    log.info(seen.join(" "));
    const doubled = u.map((b) => b * 10);
    log.info(`map [${doubled.join(",")}] ${doubled.length} [${u.map((b, i) => b + i - 1000).join(",")}]`);
    let calls = 0;
    const some = u.some((b) => {
      calls++;
      return b > 15;
    });
    const every = u.every((b) => {
      calls++;
      return b < 25;
    });
    log.info(`some=${some} every=${every} calls=${calls} all-small=${u.every((b) => b < 256)} none=${new Uint8Array(0).some(() => true)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
