/**
 * Port of the upstream Rust example rust/src/dns_gateway (envoyproxy/dynamic-modules-examples): a
 * UDP listener filter that answers DNS queries for configured domains with virtual IPv4 addresses
 * taken in order from a subnet, so that a later TCP connection to that address can be routed by
 * domain. A domain gets the same address again; queries for other domains, and messages that are
 * no DNS query, go on to the next UDP listener filter (Continue). A matched query other than A
 * gets an empty NOERROR answer (NODATA).
 *
 * Config (filter_config), upstream's schema, a google.protobuf.Struct (Envoy 1.40 hands the module
 * the Struct's JSON; upstream's code reads a `value` wrapper that 1.40 no longer sends):
 *   {"base_ip": "10.10.0.0", "prefix_len": 24,
 *    "domains": [{"domain": "*.aws.com", "metadata": {"cluster": "cluster_1"}}]}
 * `domain` is exact ("example.com") or a wildcard ("*.aws.com": any subdomain, not aws.com
 * itself). A missing or invalid base_ip, or prefix_len outside 1..32, rejects the config.
 *
 * Differences from upstream: upstream's cache is one per process; here the next address is one
 * shared counter (unique across workers), and the domain-to-address map is the filter's own, one
 * per worker (Envoy makes a UDP listener filter per worker), so with several workers a domain
 * asked on two of them gets two addresses. `metadata` is read for upstream's cache_lookup network
 * filter, which is not ported; its keys are declared as upstream's README names them. The answer
 * carries the first question only, without the query's additional records (EDNS).
 */
import { log, registerUdpListenerFilter, UdpListenerFilterStatus, type EnvoyFilterConfig, type EnvoyUdpListenerFilter, type SharedCounter, type UdpListenerFilter } from "tsc2envoy";

interface DomainConfig {
  domain?: string;
  metadata?: { cluster?: string; auth_token?: string };
}

interface DnsGatewayConfig {
  base_ip?: string;
  prefix_len?: number;
  domains?: DomainConfig[];
}

const TYPE_A = 1;
const CLASS_IN = 1;
const TTL_SECONDS = 600;

/** An IPv4 address as a number from 0 to 2^32 - 1, or undefined. */
function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function formatIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/** Exact, or "*.base": at least one label before ".base". */
function domainMatches(pattern: string, domain: string): boolean {
  if (!pattern.startsWith("*.")) return domain === pattern;
  const base = pattern.slice(2);
  if (!domain.endsWith(base)) return false;
  const prefix = domain.slice(0, domain.length - base.length);
  return prefix.endsWith(".") && prefix.length > 1;
}

/** The first question of a DNS query: its name (without the final dot), type, and where the question ends. */
interface Question {
  name: string;
  type: number;
  end: number;
}

function readQuestion(data: Uint8Array): Question | undefined {
  if (data.length < 12) return undefined;
  if ((data[2]! & 0x80) !== 0) return undefined; // a response, not a query
  if (data[4]! * 256 + data[5]! === 0) return undefined; // no question
  const labels: string[] = [];
  let at = 12;
  for (;;) {
    if (at >= data.length) return undefined;
    const length = data[at]!;
    at++;
    if (length === 0) break;
    if (length > 63 || at + length > data.length) return undefined; // compression pointers have no place in a query's first name
    let label = "";
    for (let i = 0; i < length; i++) label += String.fromCharCode(data[at + i]!);
    labels.push(label);
    at += length;
  }
  if (at + 4 > data.length) return undefined;
  return { name: labels.join("."), type: data[at]! * 256 + data[at + 1]!, end: at + 4 };
}

/** The answer: the query's header and first question, flagged as an authoritative response, and an A record when `ip` is given. */
function buildResponse(query: Uint8Array, question: Question, ip: number | undefined): Uint8Array {
  const response = new Uint8Array(question.end + (ip === undefined ? 0 : 16));
  response.set(query.subarray(0, question.end));
  response[2] = 0x80 | (query[2]! & 0x79) | 0x04; // QR, the query's opcode and RD, AA
  response[3] = 0x80; // RA, NOERROR
  response[4] = 0;
  response[5] = 1; // one question
  response[6] = 0;
  response[7] = ip === undefined ? 0 : 1;
  for (let i = 8; i < 12; i++) response[i] = 0; // no authority or additional records
  if (ip !== undefined) {
    const at = question.end;
    const record = [0xc0, 12, 0, TYPE_A, 0, CLASS_IN, 0, 0, Math.floor(TTL_SECONDS / 256), TTL_SECONDS % 256, 0, 4];
    for (let i = 0; i < record.length; i++) response[at + i] = record[i]!;
    response[at + 12] = Math.floor(ip / 16777216) % 256;
    response[at + 13] = Math.floor(ip / 65536) % 256;
    response[at + 14] = Math.floor(ip / 256) % 256;
    response[at + 15] = ip % 256;
  }
  return response;
}

class DnsGateway implements UdpListenerFilter {
  /** Domain to address, this worker's. */
  private readonly allocated = new Map<string, number>();

  constructor(
    private readonly domains: string[],
    private readonly baseIp: number,
    private readonly capacity: number,
    private readonly nextOffset: SharedCounter,
  ) {}

  onDatagram(envoy: EnvoyUdpListenerFilter, dataLength: number): UdpListenerFilterStatus {
    log.debug(`Received UDP datagram, ${dataLength} bytes`);
    const data = envoy.getDatagram();
    const question = readQuestion(data);
    if (!question) {
      log.warn("Failed to parse DNS query");
      return UdpListenerFilterStatus.Continue;
    }
    const domain = question.name;
    const pattern = this.domains.find((p) => domainMatches(p, domain));
    if (pattern === undefined) {
      log.info(`No matcher for domain: ${domain}`);
      return UdpListenerFilterStatus.Continue;
    }
    log.info(`Matched pattern '${pattern}' for domain '${domain}'`);
    let response: Uint8Array;
    if (question.type === TYPE_A) {
      let ip = this.allocated.get(domain);
      if (ip === undefined) {
        // The shared counter hands each address out once, whichever worker asks.
        const offset = envoy.addSharedCounter(this.nextOffset, 1) - 1;
        if (offset >= this.capacity) {
          log.error(`IP exhaustion, cannot allocate for ${domain}`);
          return UdpListenerFilterStatus.Continue;
        }
        ip = this.baseIp + offset;
        this.allocated.set(domain, ip);
        log.info(`Allocated virtual IP ${formatIpv4(ip)} for domain ${domain}`);
      }
      response = buildResponse(data, question, ip);
    } else {
      log.info(`Returning NODATA for type ${question.type} query (only A records supported)`);
      response = buildResponse(data, question, undefined);
    }
    const peer = envoy.getPeerAddress();
    const port = envoy.getPeerPort();
    if (peer === undefined || port === undefined) {
      log.error("No peer address available, cannot send response");
      return UdpListenerFilterStatus.StopIteration;
    }
    if (!envoy.sendDatagram(response, peer, port)) log.error(`Failed to send datagram to ${peer}:${port}`);
    return UdpListenerFilterStatus.StopIteration;
  }
}

registerUdpListenerFilter("dns_gateway", (config: DnsGatewayConfig, envoy: EnvoyFilterConfig) => {
  const baseText = config.base_ip ?? "";
  if (baseText === "") throw new Error("base_ip is required for DNS gateway");
  const baseIp = parseIpv4(baseText);
  if (baseIp === undefined) throw new Error(`Invalid base_ip: ${baseText}`);
  const prefixLen = config.prefix_len ?? 0;
  if (!(Number.isInteger(prefixLen) && prefixLen >= 1 && prefixLen <= 32)) throw new Error(`prefix_len must be between 1 and 32, got ${prefixLen}`);
  const subnetSize = 2 ** (32 - prefixLen);
  const capacity = subnetSize - (baseIp % subnetSize);
  const domains: string[] = [];
  for (const matcher of config.domains ?? []) domains.push(matcher.domain ?? "");
  const nextOffset = envoy.defineSharedCounter();
  log.info(`Initialized with ${domains.length} domains`);
  return () => new DnsGateway(domains, baseIp, capacity, nextOffset);
});
