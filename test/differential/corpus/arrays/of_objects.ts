// Arrays of objects: grouping into Maps, aggregation, sorting by several keys, identity vs equality.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface Order {
  id: number;
  customer: string;
  total: number;
  tags: string[];
  note?: string;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const orders: Order[] = [
      { id: 1, customer: "zed", total: 10.5, tags: ["a"] },
      { id: 2, customer: "amy", total: 99.99, tags: [], note: "rush" },
      { id: 3, customer: "zed", total: 0.1, tags: ["b", "a"] },
      { id: 4, customer: "bob", total: 20, tags: ["c"] },
      { id: 5, customer: "amy", total: 0.2, tags: ["a", "c"], note: "" },
    ];
    const byCustomer = new Map<string, Order[]>();
    for (const o of orders) {
      const list = byCustomer.get(o.customer);
      if (list) list.push(o);
      else byCustomer.set(o.customer, [o]);
    }
    for (const [c, list] of byCustomer) {
      const sum = list.reduce((s, o) => s + o.total, 0);
      log.info(`${c}: ids=${list.map((o) => o.id).join("+")} sum=${sum}`);
    }
    const tagCount = new Map<string, number>();
    orders.forEach((o) => o.tags.forEach((t) => tagCount.set(t, (tagCount.get(t) ?? 0) + 1)));
    log.info(JSON.stringify([...tagCount]));
    const sorted = [...orders].sort((a, b) => (a.customer === b.customer ? b.total - a.total : a.customer < b.customer ? -1 : 1));
    log.info(sorted.map((o) => `${o.customer}#${o.id}`).join(" "));
    log.info(JSON.stringify(orders.filter((o) => o.note !== undefined)));
    log.info(orders.map((o) => o.note ?? "-").join("|") + " " + orders.map((o) => (o.note ? o.note : "-")).join("|"));
    const first = orders[0]!;
    first.tags.push("mutated");
    log.info(`${JSON.stringify(orders[0])} ${orders.indexOf(first)} ${sorted.indexOf(first)}`);
    const summary = orders.map((o) => ({ id: o.id, big: o.total > 15 }));
    log.info(JSON.stringify(summary));
    const best = orders.reduce((a, b) => (b.total > a.total ? b : a));
    log.info(`best=${best.id} ${best === orders[1]}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
