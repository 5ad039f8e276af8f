/*
 * Hand-written C counterpart of examples/passthrough.ts, for the benchmarks: filter name
 * "passthrough", any filter_config, every hook continues (common.c's defaults).
 */
#include "bench_module.h"

static const char passthrough_config = 0;

BENCH_EXPORT envoy_dynamic_module_type_http_filter_config_module_ptr envoy_dynamic_module_on_http_filter_config_new(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr envoy_config, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config) {
  (void)envoy_config, (void)config;
  return bench_name_is(name, "passthrough") ? &passthrough_config : NULL;
}

BENCH_EXPORT void envoy_dynamic_module_on_http_filter_config_destroy(
    envoy_dynamic_module_type_http_filter_config_module_ptr config) {
  (void)config;
}

