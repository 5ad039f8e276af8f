/**
 * The stats sink API (`registerStatsSink`, issue 11): Envoy 1.40's
 * `envoy_dynamic_module_on_stat_sink_flush` hook and the `EnvoyStatsSink` methods over its
 * `envoy_dynamic_module_callback_stat_sink_snapshot_*` callbacks (the flush's counters, gauges,
 * histograms and text readouts, by index); shaped as compiler/api/filter-api.ts
 * (compiler/api/kinds.ts says how the kind registers). Pure data.
 */
import { FILTER_API, type ApiEnum, type ApiHook, type ApiMethod } from "./filter-api.js";

const index = { name: "index", type: "number" };
const checks = "@throws RangeError when `index` is not an index of the snapshot's";

const family = (noun: string, constant: string, plural: string): ApiMethod[] => [
  {
    name: `get${noun}Count`,
    params: [],
    returns: "number",
    section: plural,
    c: { fn: "tse_stats_count", constants: [constant] },
    doc: [`How many ${plural} the flush hands over (indices 0 to this minus 1).`],
  },
  {
    name: `get${noun}Name`,
    params: [index],
    returns: "string",
    section: plural,
    c: { fn: "tse_stats_name", constants: [constant] },
    doc: [`The full name of the ${plural.replace(/s$/, "")} at \`index\` (\`cluster.backend.upstream_rq_total\`).`, `${checks} ${plural}.`],
  },
];

const number = (name: string, fn: string, constant: string, section: string, doc: string, params = [index]): ApiMethod => ({
  name,
  params,
  returns: "number",
  section,
  c: { fn, constants: [constant] },
  doc: [doc, `${checks} ${section}.`],
});

export const STATS_SINK_API = {
  enums: [] as ApiEnum[],

  methods: [
    ...family("Counter", "TSE_STATS_COUNTERS", "counters"),
    number("getCounterValue", "tse_stats_counter_number", "TSE_STATS_VALUE", "counters", "The counter's value (since Envoy started)."),
    number("getCounterDelta", "tse_stats_counter_number", "TSE_STATS_DELTA", "counters", "How much the counter grew since the last flush."),
    ...family("Gauge", "TSE_STATS_GAUGES", "gauges"),
    number("getGaugeValue", "tse_stats_counter_number", "TSE_STATS_GAUGE_VALUE", "gauges", "The gauge's value."),
    ...family("Histogram", "TSE_STATS_HISTOGRAMS", "histograms"),
    number("getHistogramSampleCount", "tse_stats_histogram_number", "TSE_STATS_SAMPLE_COUNT", "histograms", "How many values the histogram recorded (cumulative)."),
    number("getHistogramSampleSum", "tse_stats_histogram_number", "TSE_STATS_SAMPLE_SUM", "histograms", "The sum of the values the histogram recorded (cumulative)."),
    number("getHistogramBucketCount", "tse_stats_histogram_number", "TSE_STATS_BUCKET_COUNT", "histograms", "How many buckets the histogram has (indices 0 to this minus 1)."),
    number(
      "getHistogramBucketUpperBound",
      "tse_stats_bucket_number",
      "TSE_STATS_UPPER_BOUND",
      "histograms",
      "The upper bound of bucket `bucket` (Prometheus' `le`).",
      [index, { name: "bucket", type: "number" }],
    ),
    number(
      "getHistogramBucketCumulativeCount",
      "tse_stats_bucket_number",
      "TSE_STATS_CUMULATIVE_COUNT",
      "histograms",
      "How many recorded values are at most bucket `bucket`'s upper bound (cumulative).",
      [index, { name: "bucket", type: "number" }],
    ),
    ...family("TextReadout", "TSE_STATS_TEXT_READOUTS", "text readouts"),
    {
      name: "getTextReadoutValue",
      params: [index],
      returns: "string",
      section: "text readouts",
      c: { fn: "tse_stats_text_readout_value" },
      doc: ["The text readout's value.", `${checks} text readouts.`],
    },
    // EnvoyHttpFilter.writeLogLine's: the same C function over the config's log writers (runtime-c/log_writer.c)
    FILTER_API.methods.find((m) => m.name === "writeLogLine")!,
  ] satisfies ApiMethod[],

  configMethods: [] as ApiMethod[],

  hooks: [
    {
      name: "onFlush",
      params: [{ name: "envoy", type: "EnvoyStatsSink" }],
      returns: "void",
      doc: ["Envoy flushes its stats (every `stats_flush_interval`, on the main thread): read the snapshot and hand it on without blocking (writeLogLine)."],
      failure: "none",
    },
  ] satisfies ApiHook[],

  logLevels: [] as string[],
};
