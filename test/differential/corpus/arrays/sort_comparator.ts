// sort with comparators: numeric, descending, stability on ties, multi-key, NaN and fractional results.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Person {
  name: string;
  age: number;
  city: string;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const nums = [10, 9, 1, 100, 2, 20, -1, -10, 0, 1.5, Infinity, -Infinity];
    log.info(nums.sort((a, b) => a - b).join(" "));
    log.info(nums.sort((a, b) => b - a).join(" "));
    const people: Person[] = [
      { name: "ann", age: 30, city: "b" }, { name: "bob", age: 25, city: "a" }, { name: "cid", age: 30, city: "a" },
      { name: "dee", age: 25, city: "b" }, { name: "eve", age: 35, city: "a" }, { name: "fay", age: 30, city: "b" },
      { name: "gus", age: 25, city: "a" }, { name: "hal", age: 30, city: "a" },
    ];
    people.sort((a, b) => a.age - b.age);
    log.info(people.map((p) => `${p.name}${p.age}`).join(" "));
    people.sort((a, b) => (a.city < b.city ? -1 : a.city > b.city ? 1 : 0));
    log.info(people.map((p) => `${p.city}:${p.name}`).join(" "));
    people.sort((a, b) => b.age - a.age || (a.name < b.name ? 1 : -1));
    log.info(people.map((p) => p.name).join(" "));
    const ties = [5, 1, 4, 2, 3, 0, 9, 8, 7, 6];
    ties.sort(() => 0);
    log.info(`zero comparator keeps order: ${ties.join("")}`);
    ties.sort(() => NaN);
    log.info(`NaN comparator keeps order: ${ties.join("")}`);
    const fractional = [3, 1, 2];
    fractional.sort((a, b) => (a - b) / 10);
    log.info(`fractional ${fractional.join("")}`);
    const byParity = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    byParity.sort((a, b) => (a % 2) - (b % 2));
    log.info(`stable parity ${byParity.join(",")}`);
    const words = ["delta", "Alpha", "charlie", "bravo", "Echo", "alpha"];
    words.sort((a, b) => {
      const la = a.length;
      const lb = b.length;
      return la !== lb ? la - lb : a < b ? -1 : a > b ? 1 : 0;
    });
    log.info(words.join(" "));
    const big: number[] = [];
    for (let i = 0; i < 60; i++) big.push((i * 37) % 61);
    big.sort((a, b) => a - b);
    log.info(`${big.slice(0, 10).join(",")} ... ${big.slice(-5).join(",")} ok=${big.every((v, i) => i === 0 || big[i - 1]! <= v)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
