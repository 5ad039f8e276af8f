// A value's own toString() is what ToString uses: template literals, String(x), + with a string,
// +=, join, Array toString and the default sort, whatever the static type (class, interface,
// union, object literal with a toString method or function property).
import { log, registerHttpFilter, RequestHeadersStatus, type HttpFilter } from "tsc2envoy";

class Version {
  constructor(readonly major: number, readonly minor: number) {}
  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

interface Named {
  name: string;
}

class Tag implements Named {
  constructor(readonly name: string) {}
  toString(): string {
    return `#${this.name}`;
  }
}

class Plain implements Named {
  constructor(readonly name: string) {}
}

interface Shown {
  toString(): string;
}

interface Labelled {
  label: string;
  toString?: () => string;
}

class Counter {
  calls = 0;
  toString(): string {
    this.calls++;
    return `c${this.calls}`;
  }
}

class T implements HttpFilter {
  onRequestHeaders(): RequestHeadersStatus {
    const version = new Version(1, 2);
    log.info(`v${version}`);
    log.info(String(version));
    log.info("v" + version);
    log.info(version + "!");
    let s = "at ";
    s += version;
    log.info(s);
    const list = [new Version(2, 0), new Version(1, 10), new Version(1, 9)];
    log.info(list.join(", "));
    log.info(String(list));
    log.info(`${list}`);
    log.info(list.sort().join(" "));
    log.info([...list].reverse().toSorted().map((v) => v.minor).join(","));
    log.info(`${[[version], [new Version(3, 4)]]}`);
    const named: Named[] = [new Tag("a"), new Plain("b"), { name: "c" }];
    log.info(named.map((n) => String(n)).join(" "));
    log.info(named.join("|"));
    const either: Version | Tag = Math.random() < 2 ? new Tag("u") : version;
    log.info(`${either}`);
    const maybe: Version | undefined = list[0];
    log.info(`${maybe} ${list[7]}`);
    const shown: Shown = { toString: () => "literal" };
    const method: Shown = {
      toString() {
        return "method";
      },
    };
    log.info(`${shown} ${method} ${[shown, method].join("+")}`);
    const on: Labelled = { label: "x", toString: () => "on" };
    const off: Labelled = { label: "y" };
    log.info(`${on} ${off}`);
    off.toString = () => "later";
    log.info(`${off}`);
    const counter = new Counter();
    log.info(`${counter} ${counter} ${[counter, counter].join()} ${counter.calls}`);
    const map = new Map<string, Version>([["k", version]]);
    log.info(`${map.get("k")} ${[...map.values()]}`);
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
