// Date: construction from milliseconds, strings and Dates, the UTC getters, the string forms
// (toISOString, toUTCString, toString in UTC, templates, JSON.stringify), invalid dates, setTime,
// comparisons and Date.UTC's conversions, against V8's results.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

function describe(d: Date): string {
  const fields = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
  let iso: string;
  try {
    iso = d.toISOString();
  } catch (e) {
    iso = e instanceof RangeError ? `RangeError: ${e.message}` : "other";
  }
  return `${d.getTime()} ${d.valueOf()} [${fields.join(",")}] ${iso} | ${d.toUTCString()} | ${d.toString()} | ${d}`;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const times = [0, 1, -1, 784111777000, 1000000000123, -62198755200000, -62230377600000, 253402300800000, 8.64e15, -8.64e15, 8640000000000001, 1.5, -1.5, -0, NaN, Infinity, 951782400000];
    for (const t of times) log.info(describe(new Date(t)));
    const a = new Date(784111777000);
    const copy = new Date(a);
    log.info(`copy same=${copy === a} equal time=${copy.getTime() === a.getTime()} a<copy=${a < copy} a<=copy=${a <= copy}`);
    const later = new Date(a.getTime() + 1);
    log.info(`later>a=${later > a} later<a=${later < a} Number=${Number(later)} typeof=${typeof later}`);
    log.info(`setTime=${a.setTime(1e12)} now ${a.toISOString()} copy ${copy.toISOString()} clipped=${a.setTime(9e15)} ${String(a)}`);
    log.info(JSON.stringify({ at: new Date(0), invalid: new Date(NaN), list: [new Date(1e12)] }));
    log.info(String(new Date("Sun, 06 Nov 1994 08:49:37 GMT").getTime()));
    log.info(`${Date.UTC(1994, 10, 6, 8, 49, 37)} ${Date.UTC(99)} ${Date.UTC(100)} ${Date.UTC(2024, 13, 0)} ${Date.UTC(2024, -1)} ${Date.UTC(NaN)} ${Date.UTC(2024, 0, 1.9, 23.5)} ${Date.UTC(275760, 8, 13, 0, 0, 0, 1)} ${Date.UTC(-271821, 3, 20)} ${Date.UTC(1e6)}`);
    const days = [new Date(86400000 * 3), new Date(0), new Date(86400000)];
    const seen = new Set([days[0]!, days[0]!, days[1]!]);
    const byDate = new Map<Date, string>([[days[1]!, "epoch"]]);
    log.info(`sorted=${days.slice().sort().map((d) => d.getTime()).join(",")} joined=${days.join(";")} set=${seen.size} map=${byDate.get(days[1]!)} ${byDate.get(new Date(0)) ?? "other object"}`);
    log.info(`by time=${days.slice().sort((x, y) => x.getTime() - y.getTime()).map((d) => d.toISOString().slice(0, 10)).join(",")} max=${Math.max(...days.map(Number))}`);
    log.info(`plus=${+days[0]!} concat=${"at " + days[1]!} ${days[1]! + "!"}`);
    const now = new Date();
    log.info(`now valid=${!Number.isNaN(now.getTime())} recent=${now.getTime() > 1704067200000} close=${Math.abs(now.getTime() - Date.now()) < 60000}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
