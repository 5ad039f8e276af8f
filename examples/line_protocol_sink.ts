/**
 * A stats sink writing Envoy's stats in the InfluxDB line protocol
 * (https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/) to a file, one line a
 * metric at each flush (Envoy's `stats_flush_interval`):
 *
 *   envoy_counter,name=http.ingress.downstream_rq_total value=12i,delta=2i 1733500000000000000
 *   envoy_gauge,name=server.live value=1i 1733500000000000000
 *   envoy_histogram,name=http.ingress.downstream_rq_time count=12i,sum=31 1733500000000000000
 *
 * Config (the sink's `sink_config`): {"path": "/var/log/envoy/stats.lp", "prefixes": ["http.", "cluster."]}:
 * only stats whose names start with one of `prefixes` (all when absent); counters that did not
 * move since the last flush are left out unless `all_counters` is true.
 *
 * The flush runs on Envoy's main thread: the sink hands the flush's lines to `writeLogLine`,
 * which only queues them (a background thread writes), so the flush never waits on the disk.
 *
 *   npx tsc2envoy build examples/line_protocol_sink.ts -o out   # Envoy config: docs/api.md#stats-sinks
 */
import { registerStatsSink, type EnvoyFilterConfig, type EnvoyStatsSink, type LogWriter, type StatsSink } from "tsc2envoy";

interface Config {
  /** The file the lines are appended to. */
  path: string;
  /** Name prefixes of the stats to write; all stats when absent. */
  prefixes?: string[];
  /** Write counters whose delta is 0 too (default false). */
  all_counters?: boolean;
}

/** A tag value in the line protocol: spaces, commas and equals signs escaped. */
function escapeTag(value: string): string {
  return value.replace(/([ ,=\\])/g, "\\$1");
}

class LineProtocolSink implements StatsSink {
  constructor(
    private readonly config: Config,
    private readonly log: LogWriter,
  ) {}

  private wanted(name: string): boolean {
    const prefixes = this.config.prefixes;
    if (prefixes === undefined) return true;
    for (const prefix of prefixes) if (name.startsWith(prefix)) return true;
    return false;
  }

  onFlush(envoy: EnvoyStatsSink): void {
    const timestamp = `${Date.now()}000000`;
    const lines: string[] = [];
    for (let i = 0; i < envoy.getCounterCount(); i++) {
      const name = envoy.getCounterName(i);
      const delta = envoy.getCounterDelta(i);
      if (!this.wanted(name) || (delta === 0 && this.config.all_counters !== true)) continue;
      lines.push(`envoy_counter,name=${escapeTag(name)} value=${envoy.getCounterValue(i)}i,delta=${delta}i ${timestamp}`);
    }
    for (let i = 0; i < envoy.getGaugeCount(); i++) {
      const name = envoy.getGaugeName(i);
      if (this.wanted(name)) lines.push(`envoy_gauge,name=${escapeTag(name)} value=${envoy.getGaugeValue(i)}i ${timestamp}`);
    }
    for (let i = 0; i < envoy.getHistogramCount(); i++) {
      const name = envoy.getHistogramName(i);
      if (!this.wanted(name)) continue;
      const buckets: string[] = [];
      for (let b = 0; b < envoy.getHistogramBucketCount(i); b++) {
        buckets.push(`le_${envoy.getHistogramBucketUpperBound(i, b)}=${envoy.getHistogramBucketCumulativeCount(i, b)}i`);
      }
      const fields = [`count=${envoy.getHistogramSampleCount(i)}i`, `sum=${envoy.getHistogramSampleSum(i)}`, ...buckets].join(",");
      lines.push(`envoy_histogram,name=${escapeTag(name)} ${fields} ${timestamp}`);
    }
    for (let i = 0; i < envoy.getTextReadoutCount(); i++) {
      const name = envoy.getTextReadoutName(i);
      if (this.wanted(name)) lines.push(`envoy_text,name=${escapeTag(name)} value=${JSON.stringify(envoy.getTextReadoutValue(i))} ${timestamp}`);
    }
    if (lines.length > 0) envoy.writeLogLine(this.log, lines.join("\n"));
  }
}

registerStatsSink("line_protocol", (config: Config, envoy: EnvoyFilterConfig) => {
  const log = envoy.openLogWriter([config.path]);
  return () => new LineProtocolSink(config, log);
});
