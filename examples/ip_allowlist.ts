/**
 * Port of the upstream Rust example rust/src/listener_ip_allowlist.rs
 * (envoyproxy/dynamic-modules-examples): a listener filter that lets a connection through, or
 * closes its socket before any filter chain sees it, by the client's IP address against a list of
 * addresses and CIDR ranges (IPv4 and IPv6). Counts `ip_filter_allowed_connections_total` and
 * `ip_filter_blocked_connections_total`.
 *
 * Config (filter_config), upstream's schema:
 *   {"mode": "allowlist" | "blocklist", "addresses": ["192.168.1.0/24", "10.0.0.1", "::1"], "log_blocked": true}
 * `mode` allowlist: only listed clients pass; blocklist: listed clients are refused. `log_blocked`
 * (default true) logs each refusal. An invalid address or an empty list rejects the config.
 */
import { ListenerFilterStatus, log, registerListenerFilter, type Counter, type EnvoyFilterConfig, type EnvoyListenerFilter, type ListenerFilter } from "tsc2envoy";

interface Config {
  mode: "allowlist" | "blocklist";
  addresses: string[];
  log_blocked?: boolean;
}

/** An address as 16-bit groups (2 for IPv4, 8 for IPv6) and how many leading bits must match. */
interface Rule {
  groups: number[];
  prefix: number;
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    bytes.push(Number(part));
  }
  return [bytes[0]! * 256 + bytes[1]!, bytes[2]! * 256 + bytes[3]!];
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups: number[] = [];
    for (const group of part.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const zeros: number[] = [];
  for (let i = 0; i < missing; i++) zeros.push(0);
  return [...head, ...zeros, ...tail];
}

function parseIp(text: string): number[] | undefined {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

function parseRule(text: string): Rule | undefined {
  const slash = text.indexOf("/");
  const groups = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!groups) return undefined;
  const bits = groups.length * 16;
  if (slash < 0) return { groups, prefix: bits };
  const prefixText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > bits) return undefined;
  return { groups, prefix: Number(prefixText) };
}

function matches(rule: Rule, ip: number[]): boolean {
  if (rule.groups.length !== ip.length) return false; // an IPv4 rule never matches an IPv6 client, nor the reverse
  let left = rule.prefix;
  for (let i = 0; i < ip.length && left > 0; i++) {
    const bits = Math.min(16, left);
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if ((rule.groups[i]! & mask) !== (ip[i]! & mask)) return false;
    left -= bits;
  }
  return true;
}

class IpAllowlist implements ListenerFilter {
  constructor(
    private readonly allowlist: boolean,
    private readonly rules: Rule[],
    private readonly logBlocked: boolean,
    private readonly allowed: Counter,
    private readonly blocked: Counter,
  ) {}

  onAccept(envoy: EnvoyListenerFilter): ListenerFilterStatus {
    const address = envoy.getRemoteAddress();
    if (address === undefined) {
      log.warn("Could not get remote address. Allowing connection.");
      return ListenerFilterStatus.Continue;
    }
    const ip = parseIp(address);
    if (!ip) {
      log.warn(`Could not parse IP address: ${address}. Allowing connection.`);
      return ListenerFilterStatus.Continue;
    }
    const listed = this.rules.some((rule) => matches(rule, ip));
    if (listed === this.allowlist) {
      envoy.incrementCounter(this.allowed);
      log.debug(`Connection from ${address}:${envoy.getRemotePort() ?? 0} allowed`);
      return ListenerFilterStatus.Continue;
    }
    envoy.incrementCounter(this.blocked);
    if (this.logBlocked) log.warn(`Connection from ${address}:${envoy.getRemotePort() ?? 0} blocked (${this.allowlist ? "not in allowlist" : "in blocklist"})`);
    envoy.closeSocket("IP address blocked by filter");
    return ListenerFilterStatus.StopIteration;
  }
}

registerListenerFilter("ip_allowlist", (config: Config, envoy: EnvoyFilterConfig) => {
  const rules: Rule[] = [];
  for (const address of config.addresses) {
    const rule = parseRule(address);
    if (!rule) throw new Error(`Invalid IP address or CIDR: ${address}`);
    rules.push(rule);
  }
  if (rules.length === 0) throw new Error("At least one IP address is required");
  const allowed = envoy.defineCounter("ip_filter_allowed_connections_total");
  const blocked = envoy.defineCounter("ip_filter_blocked_connections_total");
  const allowlist = config.mode === "allowlist";
  const logBlocked = config.log_blocked ?? true;
  return () => new IpAllowlist(allowlist, rules, logBlocked, allowed, blocked);
});
