// JSON.stringify with a replacer array: only the listed keys, in the list's order, at every depth (not array elements); numbers as keys; duplicates once; toJSON and space still apply.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface User {
  id: number;
  name: string;
  email?: string;
  roles: { name: string; scope: string }[];
  meta: { id: number; created: string };
}

class Money {
  constructor(private readonly cents: number) {}
  toJSON(key: string): string {
    return `${key}:${(this.cents / 100).toFixed(2)}`;
  }
}

interface Order {
  id: string;
  total: Money;
  note?: string;
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const user: User = { id: 7, name: "ada", roles: [{ name: "admin", scope: "all" }], meta: { id: 1, created: "x" } };
    log.info(JSON.stringify(user, ["name", "id"]));
    log.info(JSON.stringify(user, ["roles", "name", "meta", "id", "name"]));
    log.info(JSON.stringify(user, ["email", "missing"]));
    user.email = "a@b";
    log.info(JSON.stringify(user, ["email", "id"], 2));
    log.info(JSON.stringify([user, user], ["id"]));
    const keys: string[] = [];
    log.info(`empty list: ${JSON.stringify(user, keys)}`);
    const status = { 200: "ok", 404: "missing", other: true };
    log.info(JSON.stringify(status, [404, "other", 200]));
    const mixed: (string | number)[] = ["id", 200];
    log.info(JSON.stringify({ id: 1, 200: 2, x: 3 }, mixed));
    const order: Order = { id: "o1", total: new Money(1250), note: "n" };
    log.info(JSON.stringify(order, ["total", "id"], "--"));
    log.info(`primitives: ${JSON.stringify("s", ["a"])} ${JSON.stringify(5, ["a"])} ${JSON.stringify([1, 2], ["a"])} ${JSON.stringify(user, null)}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
