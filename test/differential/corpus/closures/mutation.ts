// Closures observing later assignments: variables reassigned after capture, captured arrays/objects mutated in place.
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

interface State {
  count: number;
  items: string[];
}

function makeStore(): { add: (s: string) => void; snapshot: () => string; replace: (s: State) => void } {
  let state: State = { count: 0, items: [] };
  return {
    add: (s) => {
      state.count++;
      state.items.push(s);
    },
    snapshot: () => JSON.stringify(state),
    replace: (s) => {
      state = s;
    },
  };
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    let msg = "before";
    const show = () => msg;
    msg = "after";
    log.info(show());
    let n = 1;
    const getN = () => n;
    const setN = (v: number) => {
      n = v;
    };
    setN(42);
    log.info(`${getN()} ${n}`);
    n = 7;
    log.info(`${getN()}`);
    const arr = [1, 2];
    const total = () => arr.reduce((a, b) => a + b, 0);
    arr.push(10);
    log.info(`total=${total()}`);
    const store = makeStore();
    store.add("a");
    store.add("b");
    log.info(store.snapshot());
    const external: State = { count: 100, items: ["x"] };
    store.replace(external);
    store.add("c");
    log.info(`${store.snapshot()} external=${external.count},${external.items.join("")}`);
    const fns: (() => string)[] = [];
    let label = "L0";
    for (let i = 1; i <= 3; i++) {
      fns.push(() => `${label}/${i}`);
      label = `L${i}`;
    }
    log.info(fns.map((f) => f()).join(" "));
    let maybe: string | undefined = undefined;
    const describe = () => (maybe === undefined ? "unset" : `set:${maybe}`);
    log.info(describe());
    maybe = "v";
    log.info(describe());
    let x = 0;
    const incX = () => x++;
    const r = incX() + incX() * 10 + x * 100;
    log.info(`r=${r} x=${x}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
