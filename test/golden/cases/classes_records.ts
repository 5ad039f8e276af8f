// Classes, object literals of interfaces, tuples and arrays.
import { registerHttpFilter, RequestHeadersStatus, ResponseHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

interface Rule {
  name: string;
  weight: number;
}

class Ledger {
  private entries: [string, number][] = [];
  total = 0;

  add(rule: Rule): number {
    this.entries.push([rule.name, rule.weight]);
    this.total += rule.weight;
    return this.entries.length;
  }

  last(): string {
    const entry = this.entries[this.entries.length - 1];
    if (entry === undefined) return "none";
    const [name, weight] = entry;
    return `${name}:${weight}`;
  }
}

class Tagger implements HttpFilter {
  private readonly ledger = new Ledger();
  private readonly rules: Rule[] = [
    { name: "base", weight: 1 },
    { weight: 2, name: "extra" },
  ];

  onRequestHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): RequestHeadersStatus {
    for (const rule of this.rules) this.ledger.add(rule);
    const custom: Rule = { name: envoy.getRequestHeaderValue("x-rule") ?? "default", weight: this.rules.length };
    this.ledger.add(custom);
    return RequestHeadersStatus.Continue;
  }

  onResponseHeaders(envoy: EnvoyHttpFilter, _endOfStream: boolean): ResponseHeadersStatus {
    envoy.setResponseHeader("x-ledger", `${this.ledger.total} ${this.ledger.last()}`);
    return ResponseHeadersStatus.Continue;
  }
}

registerHttpFilter("tagger", () => new Tagger());
