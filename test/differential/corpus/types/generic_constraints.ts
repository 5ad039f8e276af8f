// Generics with constraints: T extends an interface (fields read through the constraint), several
// type parameters, generic functions calling generic functions, explicit and inferred type
// arguments, generic interfaces and type aliases, and a generic class constrained by an interface.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface HasId {
  id: number;
}
interface Named {
  name: string;
}
interface User extends HasId, Named {
  admin: boolean;
}
interface Product {
  id: number;
  name: string;
  price: number;
}

function byId<T extends HasId>(items: T[], id: number): T | undefined {
  return items.find((i) => i.id === id);
}

function maxBy<T>(items: T[], key: (item: T) => number): T | undefined {
  let best: T | undefined;
  let bestKey = -Infinity;
  for (const item of items) {
    const k = key(item);
    if (k > bestKey) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

function names<T extends Named>(items: T[]): string {
  return items.map((i) => i.name).join(",");
}

function index<T extends HasId & Named>(items: T[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const i of items) m.set(i.id, i.name);
  return m;
}

function zip<A, B>(as: A[], bs: B[]): [A, B][] {
  const out: [A, B][] = [];
  for (let i = 0; i < Math.min(as.length, bs.length); i++) out.push([as[i]!, bs[i]!]);
  return out;
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

interface Box<T> {
  value: T;
  label: string;
}
type Pair<T> = [T, T];

function boxAll<T>(values: T[], label: string): Box<T>[] {
  return values.map((value) => ({ value, label }));
}

function both<T>(p: Pair<T>, f: (x: T) => string): string {
  return `${f(p[0])}&${f(p[1])}`;
}

class Repo<T extends HasId> {
  private readonly rows = new Map<number, T>();

  put(row: T): this {
    this.rows.set(row.id, row);
    return this;
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  ids(): number[] {
    return [...this.rows.keys()].sort((a, b) => a - b);
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const users: User[] = [
      { id: 2, name: "bo", admin: false },
      { id: 1, name: "al", admin: true },
      { id: 3, name: "cy", admin: false },
    ];
    const products: Product[] = [
      { id: 10, name: "pen", price: 1.5 },
      { id: 11, name: "ink", price: 7 },
    ];
    log.info(`${byId(users, 1)?.name} ${byId(products, 11)?.price} ${byId(users, 9)?.name ?? "none"}`);
    log.info(`${maxBy(users, (u) => u.id)?.name} ${maxBy(products, (p) => -p.price)?.name} ${maxBy<number>([], (n) => n)}`);
    log.info(`${names(users)} ${names(products)} ${JSON.stringify([...index(products)])}`);
    log.info(JSON.stringify(zip(users.map((u) => u.name), products)));
    const groups = groupBy(users, (u) => u.admin);
    log.info(`${groups.get(true)?.length} ${groups.get(false)?.map((u) => u.id).join("")}`);
    const byLength = groupBy(["a", "bb", "cc", "d"], (s) => s.length);
    log.info(JSON.stringify([...byLength]));
    log.info(`${JSON.stringify(boxAll([1, 2], "n"))} ${boxAll(["x"], "s")[0]!.value.toUpperCase()}`);
    log.info(`${both<number>([1, 2], (x) => String(x * 10))} ${both(["p", "q"], (s) => s + s)}`);
    const repo = new Repo<User>().put(users[0]!).put(users[2]!);
    repo.put({ id: 7, name: "zed", admin: true });
    log.info(`${repo.ids().join(",")} ${repo.get(7)?.name} ${repo.get(1)?.name}`);
    const prices = new Repo<Product>();
    products.forEach((p) => prices.put(p));
    log.info(`${prices.ids().join(",")} ${prices.get(10)?.price}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
