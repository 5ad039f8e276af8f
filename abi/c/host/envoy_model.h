/*
 * Envoy's side of the dynamic-module ABI, as the hosts play it: a small model of one stream
 * (ordered header maps with lowercased names, attributes, counters, the enabled log level) and
 * the ABI callbacks a module calls into it, exported so a dlopen'ed module binds to them. Shared
 * by the native host (host.c, which prints a transcript) and the fuzz harness
 * (test/fuzz/filters/harness.c, which prints nothing).
 *
 * The callbacks also check what the module hands Envoy, as the runtime promises it (header names
 * RFC 9110 tokens or pseudo-headers, values without control characters but tab, pseudo-header
 * values fit for the request and status lines, local replies with a final status and no body for
 * 204/304): a violation is a bug in the module, reported on stderr with abort(), so the
 * differential tests and the fuzzer both catch it.
 */
#ifndef TSC2ENVOY_HOST_ENVOY_MODEL_H
#define TSC2ENVOY_HOST_ENVOY_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "envoy_abi.h"

/* Where callbacks print the transcript (host.c's format); NULL prints nothing. */
extern FILE* model_transcript;
/* Envoy's enabled log level: 0 trace .. 6 off. */
extern int model_log_level;

/* JSON-style quoting of bytes, as the transcript shows strings. */
void model_put_string(const char* bytes, size_t length);
/* Hex text ("-": none) to bytes (malloc'ed, NUL-terminated; free() them). */
char* model_unhex(const char* hex, size_t* length_out);
/* "<command> <name hex> <config hex>": both decoded (malloc'ed; free them). */
void model_config_line(const char* line, char** name, size_t* name_length, char** config, size_t* config_length);

/* Header maps: envoy_dynamic_module_type_http_header_type (request, request trailers, response, response trailers). */
/* Maps 0-3 are the ABI's header types; 4 holds the response of the callout host.c's F line completes. */
enum { MODEL_MAP_COUNT = 5 };
void model_clear_headers(int map);
void model_append_header(int map, const char* name, size_t name_length, const char* value, size_t value_length);
/* Prints `headers <map name> [["name","value"],...]` and a newline to the transcript. */
void model_put_headers(int map);

/* Attributes of the current stream; setting one again replaces it. */
void model_set_attribute_string(int id, const char* bytes, size_t length);
void model_set_attribute_int(int id, uint64_t value);
void model_set_attribute_bool(int id, bool value);
/* A time-valued attribute in nanoseconds, read by the module through the timing snapshot. */
void model_set_attribute_time(int id, uint64_t ns);

/* Bodies (side 0 request, 1 response): a chunk arrives for a body hook; after the hook, the status
   decides as Envoy does (1, 2 buffer it; 0 prints `forward <side> <buffered chunks>+<chunk>`). */
void model_body_arrives(int side, const char* bytes, size_t length);
void model_body_hook_done(int side, int status);
void model_trailers_done(int side, int status);

/* A new stream: empty header maps, no attributes, no bodies. */
void model_reset_stream(void);
/* Everything, counters included (the fuzz harness, between inputs). */
void model_reset(void);

/* The hooks a host drives. */
typedef struct model_module {
  void* handle;
  __typeof__(&envoy_dynamic_module_on_program_init) program_init;
  __typeof__(&envoy_dynamic_module_on_http_filter_config_new) config_new;
  __typeof__(&envoy_dynamic_module_on_http_filter_config_destroy) config_destroy;
  __typeof__(&envoy_dynamic_module_on_http_filter_new) filter_new;
  __typeof__(&envoy_dynamic_module_on_http_filter_request_headers) request_headers;
  __typeof__(&envoy_dynamic_module_on_http_filter_request_body) request_body;
  __typeof__(&envoy_dynamic_module_on_http_filter_request_trailers) request_trailers;
  __typeof__(&envoy_dynamic_module_on_http_filter_response_headers) response_headers;
  __typeof__(&envoy_dynamic_module_on_http_filter_response_body) response_body;
  __typeof__(&envoy_dynamic_module_on_http_filter_response_trailers) response_trailers;
  __typeof__(&envoy_dynamic_module_on_http_filter_local_reply) local_reply;
  __typeof__(&envoy_dynamic_module_on_http_filter_stream_complete) stream_complete;
  __typeof__(&envoy_dynamic_module_on_http_filter_downstream_above_write_buffer_high_watermark) watermark_above;
  __typeof__(&envoy_dynamic_module_on_http_filter_downstream_below_write_buffer_low_watermark) watermark_below;
  __typeof__(&envoy_dynamic_module_on_http_filter_destroy) filter_destroy;
  __typeof__(&envoy_dynamic_module_on_http_filter_scheduled) scheduled;
  __typeof__(&envoy_dynamic_module_on_http_filter_http_callout_done) callout_done;
  __typeof__(&envoy_dynamic_module_on_http_filter_http_stream_headers) http_stream_headers;
  __typeof__(&envoy_dynamic_module_on_http_filter_http_stream_data) http_stream_data;
  __typeof__(&envoy_dynamic_module_on_http_filter_http_stream_trailers) http_stream_trailers;
  __typeof__(&envoy_dynamic_module_on_http_filter_http_stream_complete) http_stream_complete;
  __typeof__(&envoy_dynamic_module_on_http_filter_http_stream_reset) http_stream_reset;
  __typeof__(&envoy_dynamic_module_on_http_filter_per_route_config_new) per_route_config_new;
  __typeof__(&envoy_dynamic_module_on_http_filter_per_route_config_destroy) per_route_config_destroy;
  /* A config's background task (NULL: the module has none): its scheduler's events, its callouts' completions. */
  __typeof__(&envoy_dynamic_module_on_http_filter_config_scheduled) config_scheduled;
  __typeof__(&envoy_dynamic_module_on_http_filter_config_http_callout_done) config_callout_done;
} model_module;

/* The per-route config Envoy finds for the stream's route (NULL: none), as the module made it. */
extern const void* model_route_config;

/* Map `map_index` as Envoy hands headers to a hook (views into the model's copies); how many, at most `capacity`. */
int model_header_views(int map_index, envoy_dynamic_module_type_envoy_http_header* views, int capacity);

/* Takes the scheduler events committed so far, waiting for one until `deadline` (CLOCK_REALTIME); how
   many. filters[i]: the filter pointer of the stream event i is for. */
int model_wait_scheduled(const struct timespec* deadline, uint64_t* events, void** filters, int capacity);
/* The host's clock (clock_model.c): virtual unless TSE_HOST_CLOCK=real (model_real_clock). A W of `ms`:
   model_advance_begin (returns its deadline), model_fire_timer commits the earliest timer due by
   `deadline_ns` (the clock moves to its time; false: none), model_clock_reach moves the clock on to
   `time_ns`; both let as much real time pass since the W began. */
bool model_real_clock(void);
int64_t model_advance_begin(long ms);
bool model_fire_timer(int64_t deadline_ns);
void model_clock_reach(int64_t time_ns);
/* The filter pointer of the stream that started callout `id` (NULL: unknown; model_config_owner(): the config's). */
const void* model_callout_owner(uint64_t id);
/* What stands for the config (its background task) as a scheduler event's target and a callout's owner. */
const void* model_config_owner(void);

/* One stream's side of the model (maps, attributes, bodies, metadata, limits), for hosts that keep
   several streams: model_swap_stream exchanges the model's current stream state with `other`. */
typedef struct model_stream_state model_stream_state;
model_stream_state* model_stream_state_new(void);
void model_swap_stream(model_stream_state* other);
/* Streamed callouts: closes `id` in the model (true when it was open); the hook a module's reset of an open one calls. */
bool model_http_stream_close(uint64_t id);
extern void (*model_http_stream_reset)(uint64_t id);


/* dlopens `path` as Envoy does (RTLD_NOW) and resolves every hook; exits with a message when it cannot. */
void model_load_module(const char* path, model_module* module);

/* network_model.c (issue 11): runs a network command of the line protocol against the module's
   network hooks (resolved on first use); false when the line is none (for 'X' after destroying the
   network config, so host.c prints "config destroyed" once). */
bool model_network_command(void* module_handle, const char* line);

/* The hook `name` of the module, else exit with a message (tracer_sink_model.c). */
void* model_resolve(void* handle, const char* name);

/* tracer_sink_model.c (issue 11): the same for tracer and stats sink commands. */
bool model_tracer_sink_command(void* module_handle, const char* line);
/* udp_model.c (issue 11): a UDP listener command (V, g) as model_network_command runs a network one. */
bool model_udp_command(void* module_handle, const char* line);

/* access_log_model.c (issue 11): an access logger command (J, j), the same way. */
bool model_access_log_command(void* module_handle, const char* line);

#endif
