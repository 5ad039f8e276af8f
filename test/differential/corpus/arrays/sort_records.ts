// Stable sort of records with many equal keys, multi-key comparators, reversed comparators, and NaN-returning comparators.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Row {
  id: number;
  group: string;
  score: number;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const rows: Row[] = [];
    let seed = 7;
    for (let i = 0; i < 60; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      rows.push({ id: i, group: ["b", "a", "c", "é", "A"][seed % 5]!, score: seed % 4 });
    }
    const byScore = [...rows].sort((x, y) => x.score - y.score);
    log.info(`by score: ${byScore.map((r) => `${r.score}:${r.id}`).join(" ")}`);
    const byGroup = [...rows].sort((x, y) => (x.group < y.group ? -1 : x.group > y.group ? 1 : 0));
    log.info(`by group: ${byGroup.map((r) => `${r.group}${r.id}`).join(" ")}`);
    const two = [...rows].sort((x, y) => (x.group === y.group ? y.score - x.score : x.group < y.group ? -1 : 1));
    log.info(`two keys: ${two.map((r) => `${r.group}${r.score}.${r.id}`).join(" ")}`);
    const desc = [...rows].sort((x, y) => y.score - x.score);
    log.info(`desc: ${desc.map((r) => r.id).join(",")}`);
    const allEqual = [...rows].sort(() => 0);
    log.info(`all equal keeps order: ${allEqual.every((r, i) => r.id === i)}`);
    const nanCmp = [...rows].slice(0, 10).sort(() => NaN);
    log.info(`NaN comparator keeps order: ${nanCmp.map((r) => r.id).join(",")}`);
    const boolish = [3, 1, 2, 1, 3, 2].map((v, i) => ({ id: i, group: "g", score: v })).sort((x, y) => (x.score > y.score ? 1 : x.score < y.score ? -1 : 0));
    log.info(`small: ${boolish.map((r) => `${r.score}/${r.id}`).join(" ")}`);
    const inPlace = rows.slice(0, 12);
    const returned = inPlace.sort((x, y) => x.group.length - y.group.length || x.score - y.score);
    log.info(`in place: ${returned === inPlace} ${inPlace.map((r) => r.id).join(",")}`);
    let calls = 0;
    const counted = [5, 4, 3, 2, 1].sort((a, b) => {
      calls++;
      return a - b;
    });
    log.info(`counted: ${counted.join(",")} called=${calls > 0}`);
    const floats = [0.5, -0.5, 1e-9, -1e-9, 0, 3, -Infinity, Infinity].sort((a, b) => a - b);
    log.info(`floats: ${floats.join(" ")}`);
    const byLen = ["ccc", "a", "bb", "dd", "e", "fff", "", "gg"].sort((a, b) => a.length - b.length);
    log.info(`by length: ${JSON.stringify(byLen)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
