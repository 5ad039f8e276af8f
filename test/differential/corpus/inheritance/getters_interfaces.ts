// A getter implements an interface's property (read through the interface, dispatched to the
// class's getter or a subclass's override), super.getter, JSON.stringify skipping getters.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";
interface HasArea { readonly area: number; readonly name: string }
class Sq { readonly name = "sq"; constructor(readonly s: number) {} get area(): number { return this.s * this.s; } }
class Big extends Sq { override get area(): number { return super.area * 10; } }
class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const hs: HasArea[] = [new Sq(3), { area: 2, name: "lit" }, new Big(2)];
    log.info(hs.map((h) => `${h.name}=${h.area}`).join(" "));
    log.info(JSON.stringify(hs));
    return RequestHeadersStatus.Continue;
  }
}
registerHttpFilter("test", () => new T());
