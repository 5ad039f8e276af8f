/**
 * Stats sinks in the Node reference SDK (`registerStatsSink`, `EnvoyStatsSink`, issue 11), as
 * runtime-c/stats_sink.c: one sink object per flush, reading the flush's snapshot by index, over
 * what the kinds share (sdk-kinds.ts kindCore). A throw ends the flush; no failures counter.
 */
import type * as Declared from "./tsc2envoy.js";
import { kindCore, untaggedConfigHandle, type SdkShared } from "./sdk-kinds.js";

export type EnvoyStatsSink = Declared.EnvoyStatsSink;
export type StatsSink = Declared.StatsSink;

/** One flush's metrics, as a host hands them over (Envoy's snapshot callbacks). */
export interface StatsSnapshot {
  counters: { name: string; value: number; delta: number }[];
  gauges: { name: string; value: number }[];
  histograms: { name: string; count: number; sum: number; buckets: { upperBound: number; cumulativeCount: number }[] }[];
  textReadouts: { name: string; value: string }[];
}

/** The stats sink kind for one SDK instance (runtime-c/stats_sink.c). */
export function statsSinkKind(sdk: SdkShared) {
  const core = kindCore<StatsSink>(sdk, {
    label: "stats sink",
    failAction: "skipped the rest of this flush",
    close: () => {},
    configHandle: (metrics) => untaggedConfigHandle(sdk, metrics),
    noFailureCounter: true,
  });
  let snapshot: StatsSnapshot = { counters: [], gauges: [], histograms: [], textReadouts: [] };
  const at = <T>(entries: T[], index: number, what: string): T => {
    if (!(Number.isInteger(index) && index >= 0 && index < entries.length)) {
      throw new RangeError(`${what} index ${index} is out of range (the snapshot has ${entries.length})`);
    }
    return entries[index]!;
  };
  const counter = (i: number) => at(snapshot.counters, i, "counter");
  const gauge = (i: number) => at(snapshot.gauges, i, "gauge");
  const histogram = (i: number) => at(snapshot.histograms, i, "histogram");
  const bucket = (i: number, b: number) => at(histogram(i).buckets, b, "bucket");
  const textReadout = (i: number) => at(snapshot.textReadouts, i, "text readout");

  const handle: EnvoyStatsSink = {
    getCounterCount: () => snapshot.counters.length,
    getCounterName: (i) => counter(i).name,
    getCounterValue: (i) => counter(i).value,
    getCounterDelta: (i) => counter(i).delta,
    getGaugeCount: () => snapshot.gauges.length,
    getGaugeName: (i) => gauge(i).name,
    getGaugeValue: (i) => gauge(i).value,
    getHistogramCount: () => snapshot.histograms.length,
    getHistogramName: (i) => histogram(i).name,
    getHistogramSampleCount: (i) => histogram(i).count,
    getHistogramSampleSum: (i) => histogram(i).sum,
    getHistogramBucketCount: (i) => histogram(i).buckets.length,
    getHistogramBucketUpperBound: (i, b) => bucket(i, b).upperBound,
    getHistogramBucketCumulativeCount: (i, b) => bucket(i, b).cumulativeCount,
    getTextReadoutCount: () => snapshot.textReadouts.length,
    getTextReadoutName: (i) => textReadout(i).name,
    getTextReadoutValue: (i) => textReadout(i).value,
    writeLogLine: (writer, line) => sdk.writeLogLine(writer, line),
  };

  const moduleAbi = {
    configNew: core.configNew,
    configDestroy: core.configDestroy,
    /** A fresh sink object for the flush, as runtime-c's frame per flush. */
    flush(config: Parameters<typeof core.filterNew>[0], flushed: StatsSnapshot): void {
      const sink = core.filterNew(config);
      const hook = sink.filter?.onFlush;
      if (core.factoryFailed(sink) || !hook) return;
      snapshot = flushed;
      try {
        core.run(sink, "onFlush", () => hook.call(sink.filter, handle), undefined);
      } finally {
        snapshot = { counters: [], gauges: [], histograms: [], textReadouts: [] };
      }
    },
  };

  return { registerStatsSink: core.register, moduleAbi };
}
