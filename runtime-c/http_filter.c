/*
 * The Envoy side of every module: the ABI hooks Envoy calls, dispatching to the filters the
 * generated code registers (tse_module_filters), and the fail-closed path.
 *
 * Failure policy: a filter that fails (uncaught error, memory limit) on the request path gets a
 * 500 local reply; on the response path the stream is reset. Either way the failure is logged and
 * counted, and no more filter code runs for that stream. Failure lines are rate-limited per filter
 * config (failure_log_admit); the counter counts every failure.
 *
 * Why this file is long: every hook Envoy calls has the same shape (a check, an out-of-line run_*
 * holding the tse_jmp_buf, the fail-closed path), and they read best side by side.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envoy_abi.h"
#include "tse_internal.h"

enum { TSE_CONFIG_MEMORY_LIMIT = 64u << 20 };

/* Stream hooks a module with nothing for them to run defines itself (compiler/emit/c-idle-hooks.ts). */
#define TSE_EXPORT_WEAK TSE_EXPORT __attribute__((weak))
/*
 * Whether the module has async hooks (it defines tse_module_async_ops). compiler/cc.ts also builds
 * this file with TSE_HTTP_SYNC for modules without: nothing suspends there, so the resume path
 * (run_resume and what it calls) is left out and the hooks that only resume are empty.
 */
#ifdef TSE_HTTP_SYNC
#define ASYNC_BUILD false
#else
#define ASYNC_BUILD true
#endif
#define ASYNC_MODULE (ASYNC_BUILD && tse_module_async_ops != NULL)
/* Filter code may use this much stack per hook before a call throws RangeError. */
enum { TSE_STACK_BUDGET = 512 * 1024 };

/*
 * At most this many failure lines per filter config in a one-second window (opened by the first
 * failure after the previous one closed); later failures in the window are counted, and one line
 * reports them when the next window opens or the config goes away. abi/ts/sdk.ts does the same.
 */
enum { TSE_FAILURE_LINES_PER_SECOND = 10 };

/* Shared by every worker thread using the config: a spin lock around a few stores. */
typedef struct tse_failure_log {
  atomic_flag busy;
  bool window_open;
  int64_t window_start_ns;
  uint32_t logged;
  uint64_t suppressed;
} tse_failure_log;

/*
 * Per-hook "nothing to run" bits, first in a stream so a hook with nothing to do is a test of one
 * word: set for the hooks the filter does not define, for every hook once the stream failed, and
 * for every hook but request headers (which reports it) when the factory failed. SKIP_FREE: the
 * config's shared stream, which owns nothing.
 */
enum {
  SKIP_REQUEST_HEADERS = 1 << 0,
  SKIP_RESPONSE_HEADERS = 1 << 1,
  SKIP_REQUEST_BODY = 1 << 2,
  SKIP_RESPONSE_BODY = 1 << 3,
  SKIP_REQUEST_TRAILERS = 1 << 4,
  SKIP_RESPONSE_TRAILERS = 1 << 5,
  SKIP_STREAM_COMPLETE = 1 << 6,
  SKIP_ABOVE_WATERMARK = 1 << 7,
  SKIP_BELOW_WATERMARK = 1 << 8,
  SKIP_HOOKS = (1 << 9) - 1,
  SKIP_FREE = 1 << 9,
};

struct tse_config;

/*
 * snapshot.c is linked only into modules that define snapshots (compiler/cc.ts); then these are its.
 * Weak and hidden: resolved (or left NULL) in the module's own link, so no dynamic symbol.
 */
#define TSE_LINKED_ON_DEMAND __attribute__((weak, visibility("hidden")))
extern void tse_snapshot_destroy(tse_snapshot* snapshot) TSE_LINKED_ON_DEMAND;
extern void tse_snapshot_holds_release(tse_snapshot_hold** holds) TSE_LINKED_ON_DEMAND;
/* background_api.c likewise, in modules with a background task. */
extern void tse_http_config_task_start(void* config_module_ptr, void* envoy_config) TSE_LINKED_ON_DEMAND;
extern void tse_http_config_task_stop(void* config_module_ptr) TSE_LINKED_ON_DEMAND;
extern void tse_background_count_failure(void* envoy_config, size_t counter) TSE_LINKED_ON_DEMAND;

/*
 * A stream's frame: one TSE_FRAME_SIZE block (arena.c) holding this state and, after it, the
 * first chunk of the stream's arena, so most streams allocate nothing else. Light streams are the
 * config's shared_stream, which no hook writes (hook_arena).
 */
typedef struct tse_stream {
  uint16_t skip;         /* SKIP_* */
  bool failed;           /* no more filter code runs once set (a light stream's: failed_streams.c) */
  bool light;            /* the config's shared stream, whose hooks allocate in their own arena (hook_arena) */
  bool failure_pending;  /* the factory failed: fail closed at the first hook */
  struct tse_config* config;
  void* self;
  tse_bytes* borrowed; /* body views handed out by the last hook call, detached by the next */
  char* pending_message; /* the factory's failure (malloc'ed; NULL: out of memory) */
  const tse_site* pending_site;
  tse_arena arena;
  tse_async_state async; /* a suspended async hook and its timer (async.c) */
} tse_stream;

typedef struct tse_config {
  const tse_filter_def* def;
  envoy_dynamic_module_type_http_filter_config_envoy_ptr envoy_config;
  tse_arena arena;
  void* config_value;
  size_t failure_counter;
  bool has_failure_counter;
  tse_failure_log failure_log;
  tse_metric_table metrics; /* defined in the config stage; read by every stream */
  tse_log_writers log_writers; /* opened in the config stage; closed with the config */
  uint16_t skip_mask; /* SKIP_* of the hooks the filter does not define */
  void* shared_self;  /* the instance every stream uses (def->shared_instance), else NULL */
  /* With a shared instance and no hook (idle), or light: what every stream is, read-only. */
  bool streams_shared;
  tse_stream shared_stream;
} tse_config;

enum { FIRST_CHUNK_OFFSET = (sizeof(tse_stream) + 15) & ~(size_t)15 };
_Static_assert(TSE_FRAME_SIZE - FIRST_CHUNK_OFFSET >= 1024 + sizeof(tse_arena_chunk), "a frame holds a useful first chunk");

/*
 * A light stream's hook call allocates in an arena of its own, whose first chunk (as large as a
 * frame's) is on the hook's stack, and frees it when the call returns: its filter shares one frozen
 * instance and nothing in the module suspends or pins snapshots (share_instance), so nothing a call
 * allocates can be reached after it, body views it borrowed included. What is left of a stream
 * between its hooks is only whether it failed, which failed_streams.c keeps (rare), so every light
 * stream is the config's one read-only shared_stream: a stream costs no allocation, no memory and
 * no write of its own (issue 14: per-stream memory and CPU).
 */
typedef struct hook_arena {
  tse_arena arena;
  tse_bytes* borrowed;
  _Alignas(16) unsigned char first[TSE_FRAME_SIZE - FIRST_CHUNK_OFFSET];
} hook_arena;

static envoy_dynamic_module_type_module_buffer module_buffer(const char* bytes, size_t length) {
  envoy_dynamic_module_type_module_buffer buffer = {bytes, length};
  return buffer;
}

static envoy_dynamic_module_type_module_buffer cstr_buffer(const char* s) { return module_buffer(s, strlen(s)); }

/* A line from the module itself: no TypeScript source to name, so the module name and line 0. */
static void log_line(envoy_dynamic_module_type_log_level level, const char* message) {
  if (!envoy_dynamic_module_callback_log_enabled(level)) return;
  tse_envoy_log_at(level, message, strlen(message), tse_module_name, 0);
}

/* A line about filter code: Envoy shows the site as [file.ts:line]. */
static void log_line_at(envoy_dynamic_module_type_log_level level, const char* message, const tse_site* site) {
  if (site == NULL) {
    log_line(level, message);
    return;
  }
  if (!envoy_dynamic_module_callback_log_enabled(level)) return;
  tse_envoy_log_at(level, message, strlen(message), tse_site_file(site), site->line);
}

/* Whether this failure gets its line; *unreported: failures left unlogged by the window it closed. */
static bool failure_log_admit(tse_failure_log* log, uint64_t* unreported) {
  int64_t now = tse_monotonic_ns();
  while (atomic_flag_test_and_set_explicit(&log->busy, memory_order_acquire)) {
  }
  *unreported = 0;
  if (!log->window_open || now - log->window_start_ns >= 1000000000) {
    *unreported = log->suppressed;
    log->window_open = true;
    log->window_start_ns = now;
    log->logged = 0;
    log->suppressed = 0;
  }
  bool admitted = log->logged < TSE_FAILURE_LINES_PER_SECOND;
  if (admitted) log->logged++;
  else log->suppressed++;
  atomic_flag_clear_explicit(&log->busy, memory_order_release);
  return admitted;
}

static void log_unreported_failures(const tse_config* cfg, uint64_t unreported) {
  if (unreported == 0) return;
  char message[512];
  snprintf(message, sizeof message,
           "tsc2envoy: filter '%s': %llu more failures were not logged (at most %d failure lines a second); the "
           "counter %s.failures counts every failure",
           cfg->def->name, (unsigned long long)unreported, TSE_FAILURE_LINES_PER_SECOND, cfg->def->name);
  log_line(envoy_dynamic_module_type_log_level_Error, message);
}

/*
 * The module-level const tables live as long as the loaded module: built here, on Envoy's main
 * thread before any config or worker uses them, deep-frozen, never written after. A table that
 * fails to build (memory, CPU budget) refuses the module.
 */
static tse_arena tables_arena;

static bool build_module_tables(void) {
  if (!tse_module_build_tables) return true;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  tse_arena_init(&tables_arena, TSE_CONFIG_MEMORY_LIMIT, NULL, 0);
  ctx.arena = &tables_arena;
  ctx.fail_target = &fail_target;
  ctx.fuel = tse_module_cpu_budget;
  tse_set_stack_budget(&ctx, TSE_STACK_BUDGET);
  if (tse_setjmp(fail_target) == 0) {
    tse_module_build_tables(&ctx);
    return true;
  }
  fprintf(stderr, "tsc2envoy: module %s: building its module-level tables failed: %s\n", tse_module_name, ctx.fail_message);
  tse_ctx_release(&ctx);
  return false;
}

TSE_EXPORT envoy_dynamic_module_type_abi_version_module_ptr envoy_dynamic_module_on_program_init(void) {
  if (!build_module_tables()) return NULL;
  return TSE_ENVOY_ABI_VERSION;
}

/* ------------------------------------------------------------------ configs */

/*
 * Decodes a filter_config (of a filter or a route) into *value_out in `arena`: passed as-is
 * (`raw`, checked against its literals) or JSON decoded into `type` and frozen.
 */
static bool decode_config(tse_arena* arena, const tse_type* type, const tse_literal_check* literals, bool raw,
                          envoy_dynamic_module_type_envoy_buffer config, void** value_out, char* error, size_t error_capacity) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.arena = arena;
  ctx.fail_target = &fail_target;
  tse_set_stack_budget(&ctx, TSE_STACK_BUDGET);
  if (tse_setjmp(fail_target) == 0) {
    if (raw) {
      tse_str value = tse_str_from_utf8(&ctx, config.ptr, config.length);
      const char* mismatch = literals ? tse_literal_string_mismatch(&ctx, literals, value) : NULL;
      if (mismatch) {
        snprintf(error, error_capacity, "filter_config: %s", mismatch);
        return false;
      }
      *value_out = (void*)value;
      return true;
    }
    const char* message = NULL;
    if (tse_json_decode(&ctx, type, literals, config.ptr, config.length, true, value_out, &message, "filter_config") == TSE_JSON_OK) {
      return true;
    }
    snprintf(error, error_capacity, "%s", message);
    return false;
  }
  snprintf(error, error_capacity, "filter_config: %s", ctx.fail_message);
  tse_ctx_release(&ctx);
  return false;
}

/* Turns filter_config into the value the factory receives: raw string, decoded JSON, or nothing. */
static bool build_config_value(tse_config* cfg, envoy_dynamic_module_type_envoy_buffer config, char* error,
                               size_t error_capacity) {
  const tse_filter_def* def = cfg->def;
  if (!def->config_is_raw_string && def->config_type == NULL) return true;
  return decode_config(&cfg->arena, def->config_type, def->config_literals, def->config_is_raw_string, config, &cfg->config_value, error,
                       error_capacity);
}

/*
 * Runs `step` once for the config, in its arena, on the config value: the config stage
 * (registerHttpFilter's outer function, whose result, the per-stream factory with its captures
 * deep-frozen by the generated glue, replaces the config value new_filter gets) or the factory of a
 * shared instance. A throw rejects the config; *site says where.
 */
static bool run_for_config(tse_config* cfg, void* (*step)(tse_ctx*, void*), void** result, char* error, size_t error_capacity,
                           const tse_site** site) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_config_ctx_init(&ctx, &cfg->arena, &fail_target, &cfg->metrics, &cfg->log_writers, cfg->envoy_config, TSE_STACK_BUDGET);
  if (tse_setjmp(fail_target) == 0) {
    *result = step(&ctx, cfg->config_value);
    return true;
  }
  snprintf(error, error_capacity, "%s", ctx.fail_message);
  *site = ctx.site;
  tse_ctx_release(&ctx);
  return false;
}

static uint16_t hooks_missing(const tse_filter_def* def) {
  uint16_t mask = 0;
  if (def->on_request_headers == NULL) mask |= SKIP_REQUEST_HEADERS;
  if (def->on_response_headers == NULL) mask |= SKIP_RESPONSE_HEADERS;
  if (def->on_request_body == NULL) mask |= SKIP_REQUEST_BODY;
  if (def->on_response_body == NULL) mask |= SKIP_RESPONSE_BODY;
  if (def->on_request_trailers == NULL) mask |= SKIP_REQUEST_TRAILERS;
  if (def->on_response_trailers == NULL) mask |= SKIP_RESPONSE_TRAILERS;
  if (def->on_stream_complete == NULL) mask |= SKIP_STREAM_COMPLETE;
  if (def->on_downstream_above_write_buffer_high_watermark == NULL) mask |= SKIP_ABOVE_WATERMARK;
  if (def->on_downstream_below_write_buffer_low_watermark == NULL) mask |= SKIP_BELOW_WATERMARK;
  return mask;
}

/*
 * A filter whose streams share one instance (def->shared_instance) gets it now, in the config's
 * arena. Should the factory fail here (memory, CPU budget), the config is refused: a stream has no
 * factory of its own to fail (c-idle-hooks.ts may have left no hook to report it).
 */
static bool share_instance(tse_config* cfg, char* error, size_t error_capacity, const tse_site** site) {
  cfg->skip_mask = hooks_missing(cfg->def);
  if (!cfg->def->shared_instance) return true;
  if (!run_for_config(cfg, cfg->def->new_filter, &cfg->shared_self, error, error_capacity, site)) return false;
  /* Weak symbols: async.c and snapshot.c are linked only into modules that use them. */
  const bool light = !tse_module_async_ops && !tse_snapshot_holds_release;
  const bool idle = cfg->skip_mask == SKIP_HOOKS;
  if (!idle && !light) return true;
  cfg->streams_shared = true;
  cfg->shared_stream.skip = cfg->skip_mask | SKIP_FREE;
  cfg->shared_stream.light = light;
  cfg->shared_stream.config = cfg;
  cfg->shared_stream.self = cfg->shared_self;
  return true;
}

/* No stream is left (or none came), so none holds a version: each snapshot's current one goes. */
static void destroy_snapshots(tse_config* cfg) {
  for (uint32_t i = 0; i < cfg->metrics.count; i++) {
    if (cfg->metrics.items[i].kind == TSE_METRIC_SNAPSHOT) tse_snapshot_destroy(cfg->metrics.items[i].shared_value);
  }
}

/*
 * A background task's run threw (background.c): a failure line at its site, rate-limited as a
 * stream's, and the failures counter. Referenced only from background_api.c, so a module without a
 * task drops it (--gc-sections).
 */
void tse_http_config_report_task_failure(void* owner, const char* message, const tse_site* site) {
  tse_config* cfg = owner;
  uint64_t unreported = 0;
  if (failure_log_admit(&cfg->failure_log, &unreported)) {
    log_unreported_failures(cfg, unreported);
    char line[1024];
    snprintf(line, sizeof line, "tsc2envoy: filter '%s': background task run failed: %s", cfg->def->name, message ? message : "out of memory");
    log_line_at(envoy_dynamic_module_type_log_level_Error, line, site);
  }
  if (cfg->has_failure_counter) tse_background_count_failure(cfg->envoy_config, cfg->failure_counter);
}

TSE_EXPORT envoy_dynamic_module_type_http_filter_config_module_ptr envoy_dynamic_module_on_http_filter_config_new(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer name, envoy_dynamic_module_type_envoy_buffer config) {
  const tse_filter_def* def = NULL;
  for (uint32_t i = 0; i < tse_module_filter_count; i++) {
    const char* candidate = tse_module_filters[i]->name;
    if (strlen(candidate) == name.length && memcmp(candidate, name.ptr, name.length) == 0) {
      def = tse_module_filters[i];
    }
  }
  char message[4608];
  if (def == NULL) {
    int n = snprintf(message, sizeof message, "tsc2envoy: module %s has no HTTP filter named '%.*s'; it has:",
                     tse_module_name, (int)(name.length > 200 ? 200 : name.length), name.ptr);
    for (uint32_t i = 0; i < tse_module_filter_count && n > 0 && (size_t)n < sizeof message; i++) {
      n += snprintf(message + n, sizeof message - (size_t)n, " '%s'", tse_module_filters[i]->name);
    }
    log_line(envoy_dynamic_module_type_log_level_Error, message);
    return NULL;
  }

  tse_config* cfg = calloc(1, sizeof(tse_config));
  if (cfg == NULL) return NULL;
  cfg->def = def;
  cfg->envoy_config = filter_config_envoy_ptr;
  tse_arena_init(&cfg->arena, TSE_CONFIG_MEMORY_LIMIT, NULL, 0);
  tse_block_cache_hold(1);

  char error[4096];
  if (!build_config_value(cfg, config, error, sizeof error)) {
    snprintf(message, sizeof message, "tsc2envoy: filter '%s' rejected its filter_config: %s", def->name, error);
    log_line(envoy_dynamic_module_type_log_level_Error, message);
    tse_arena_free(&cfg->arena);
    tse_block_cache_hold(-1);
    free(cfg);
    return NULL;
  }

  const tse_site* site = NULL;
  if ((def->configure != NULL && !run_for_config(cfg, def->configure, &cfg->config_value, error, sizeof error, &site)) || !share_instance(cfg, error, sizeof error, &site)) {
    snprintf(message, sizeof message, "tsc2envoy: filter '%s' rejected its filter_config: %s", def->name, error);
    log_line_at(envoy_dynamic_module_type_log_level_Error, message, site);
    tse_log_writers_close(&cfg->log_writers);
    destroy_snapshots(cfg); /* defined before the throw; the task, if any, never started */
    tse_arena_free(&cfg->arena);
    tse_block_cache_hold(-1);
    free(cfg);
    return NULL;
  }

  char counter_name[256];
  snprintf(counter_name, sizeof counter_name, "%s.failures", def->name);
  cfg->has_failure_counter =
      envoy_dynamic_module_callback_http_filter_config_define_counter(
          filter_config_envoy_ptr, cstr_buffer(counter_name), NULL, 0, &cfg->failure_counter) ==
      envoy_dynamic_module_type_metrics_result_Success;
  /* The stage returned and its captures are frozen: the task (if it defined one) runs now. */
  if (tse_http_config_task_start != NULL) tse_http_config_task_start(cfg, filter_config_envoy_ptr);
  return cfg;
}

tse_background_task* tse_http_config_background_task(const void* config_module_ptr) {
  const tse_config* cfg = config_module_ptr;
  return tse_metric_table_find(&cfg->metrics, TSE_METRIC_BACKGROUND_TASK);
}

TSE_EXPORT void envoy_dynamic_module_on_http_filter_config_destroy(
    envoy_dynamic_module_type_http_filter_config_module_ptr filter_config_ptr) {
  tse_config* cfg = (tse_config*)filter_config_ptr;
  /* Envoy destroys a config once no stream uses it: nothing races with this read. */
  log_unreported_failures(cfg, cfg->failure_log.suppressed);
  tse_log_writers_close(&cfg->log_writers); /* writes out what streams queued */
  /* The task first: it may hold versions of the snapshots. */
  if (tse_http_config_task_stop != NULL) tse_http_config_task_stop(cfg);
  destroy_snapshots(cfg);
  tse_arena_free(&cfg->arena);
  tse_block_cache_hold(-1);
  free(cfg);
}

/*
 * Per-route configs (typed_per_filter_config of routes and virtual hosts): decoded into the type
 * registerHttpFilter's RouteConfig type argument declares, as filter_config is, and deep-frozen;
 * one that does not match, or for a filter that declares none, is refused with the reason.
 * abi/ts/sdk.ts perRouteConfigNew does the same.
 */
TSE_EXPORT envoy_dynamic_module_type_http_filter_per_route_config_module_ptr
envoy_dynamic_module_on_http_filter_per_route_config_new(envoy_dynamic_module_type_envoy_buffer name,
                                                         envoy_dynamic_module_type_envoy_buffer config) {
  const tse_filter_def* def = NULL;
  for (uint32_t i = 0; i < tse_module_filter_count; i++) {
    const char* candidate = tse_module_filters[i]->name;
    if (strlen(candidate) == name.length && memcmp(candidate, name.ptr, name.length) == 0) def = tse_module_filters[i];
  }
  char message[4608];
  int shown = (int)(name.length > 200 ? 200 : name.length);
  if (def == NULL || def->per_route_type == NULL) {
    if (def == NULL) {
      snprintf(message, sizeof message, "tsc2envoy: module %s has no HTTP filter named '%.*s' for a per-route config", tse_module_name, shown, name.ptr);
    } else {
      snprintf(message, sizeof message, "tsc2envoy: filter '%s' takes no per-route config (give registerHttpFilter a RouteConfig type argument)", def->name);
    }
    log_line(envoy_dynamic_module_type_log_level_Error, message);
    return NULL;
  }
  tse_per_route* route = calloc(1, sizeof(tse_per_route));
  if (route == NULL) return NULL;
  route->def = def;
  tse_arena_init(&route->arena, TSE_CONFIG_MEMORY_LIMIT, NULL, 0);
  tse_block_cache_hold(1);
  char error[4096];
  if (!decode_config(&route->arena, def->per_route_type, def->per_route_literals, def->per_route_is_raw_string, config, &route->value, error,
                     sizeof error)) {
    snprintf(message, sizeof message, "tsc2envoy: filter '%s' rejected its per-route filter_config: %s", def->name, error);
    log_line(envoy_dynamic_module_type_log_level_Error, message);
    tse_arena_free(&route->arena);
    tse_block_cache_hold(-1);
    free(route);
    return NULL;
  }
  return route;
}

/* Envoy destroys a per-route config on the main thread once no route (and so no stream) holds it. */
TSE_EXPORT void envoy_dynamic_module_on_http_filter_per_route_config_destroy(
    envoy_dynamic_module_type_http_filter_per_route_config_module_ptr filter_config_ptr) {
  tse_per_route* route = (tse_per_route*)filter_config_ptr;
  if (route == NULL) return;
  tse_arena_free(&route->arena);
  tse_block_cache_hold(-1);
  free(route);
}

/* ------------------------------------------------------------------ streams */

/* Here, not in error.c: the budget is the module's (tse_module_cpu_budget), set by this glue. */
void tse_out_of_fuel(tse_ctx* ctx, const tse_site* site) {
  if (site != NULL) ctx->site = site;
  tse_failf(ctx, "CPU budget exhausted: more than %lld steps (loop iterations and function calls) in one hook call",
            (long long)tse_module_cpu_budget);
}

void tse_status_invalid(tse_ctx* ctx, double status, int32_t max_status) {
  ctx->site = NULL; /* the glue checks the status, no statement of the filter's */
  size_t length;
  const char* text = tse_str_to_utf8(ctx, tse_number_to_string(ctx, status), &length);
  tse_failf(ctx, "hook returned %.*s, which is not a status Envoy defines (0 to %d)", (int)length, text, max_status);
}

static void ctx_init(tse_ctx* ctx, tse_stream* stream, void* envoy_filter, tse_jmp_buf* fail_target) {
  ctx->arena = &stream->arena;
  ctx->async_state = &stream->async;
  ctx->envoy_filter = envoy_filter;
  ctx->fail_target = fail_target;
  ctx->handler = NULL;
  ctx->exception = NULL;
  tse_set_stack_budget(ctx, TSE_STACK_BUDGET);
  ctx->fuel = tse_module_cpu_budget;
  ctx->site = NULL;
  ctx->fail_message = NULL;
  ctx->fail_message_owned = NULL;
  ctx->metrics = &stream->config->metrics;
  ctx->envoy_config = NULL;
  ctx->log_writers = &stream->config->log_writers;
  ctx->metric_ops = NULL; /* HTTP's own metric callbacks */
  /* Envoy may free a body's chunks once a hook returns: views kept from the last call detach. */
  if (TSE_UNLIKELY(stream->borrowed != NULL)) tse_bytes_detach_all(&stream->borrowed);
  ctx->borrowed = &stream->borrowed;
  ctx->async_frame = NULL;
  ctx->suspended = false;
}

/* A light stream's hook call gets an arena whose first chunk is on the stack (tse_arena_init is
   inline, as hook_done's test is: docs/benchmarks.md#cold-caches-estimated-cycles-per-stream). */
static inline void light_begin(tse_ctx* ctx, hook_arena* own) {
  tse_arena_init(&own->arena, tse_module_stream_memory_limit, (tse_arena_chunk*)(void*)own->first, sizeof own->first);
  ctx->arena = &own->arena;
  ctx->async_state = NULL; /* a light stream has none */
  own->borrowed = NULL;
  ctx->borrowed = &own->borrowed; /* the shared stream is never written */
}

/* A light stream's call that allocated past its first chunk is over: its arena goes, and with it
   the body views it borrowed. Out of line: hook_done's test spares most calls this. */
static __attribute__((noinline)) void light_free(hook_arena* own) { tse_arena_free(&own->arena); }

/* A hook call's context; `own` is the call's arena when the stream is light, and hook_done ends the call. */
static inline void hook_ctx_init(tse_ctx* ctx, tse_stream* stream, void* envoy_filter, tse_jmp_buf* fail_target, hook_arena* own) {
  ctx_init(ctx, stream, envoy_filter, fail_target);
  if (stream->light) light_begin(ctx, own);
}

/* A light stream that failed runs no more filter code: its hooks pass (0 is every hook's Continue),
   as a failed stream's skipped ones do. */
static inline bool light_failed(const tse_stream* stream, const void* envoy_filter) {
  return tse_failed_streams_has(envoy_filter) && stream->light;
}

static inline void hook_done(tse_stream* stream, hook_arena* own) {
  if (!stream->light) return;
#ifndef TSE_ASAN
  /* A call that stayed in its first chunk leaves nothing to free (AddressSanitizer: to unpoison). */
  if (own->arena.head == (tse_arena_chunk*)(void*)own->first && own->arena.buffers == NULL) return;
#endif
  light_free(own);
}

/*
 * Each hook below checks whether filter code runs at all, then calls a run_* function that holds
 * the tse_jmp_buf and context: kept out of line, so a hook with nothing to run (no method, a failed
 * stream) costs a few instructions, not a large stack frame.
 */
static __attribute__((noinline)) void run_factory(tse_stream* stream, void* envoy_filter) {
  tse_config* cfg = stream->config;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  ctx_init(&ctx, stream, envoy_filter, &fail_target); /* never light: a light stream has no factory */
  if (tse_setjmp(fail_target) == 0) {
    stream->self = cfg->def->new_filter(&ctx, cfg->config_value);
  } else {
    stream->failure_pending = true;
    stream->skip = SKIP_HOOKS & ~SKIP_REQUEST_HEADERS;
    stream->pending_message = strdup(ctx.fail_message);
    stream->pending_site = ctx.site;
    tse_ctx_release(&ctx);
  }
}

static __attribute__((noinline)) tse_stream* new_stream(tse_config* cfg, void* filter_envoy_ptr) {
  tse_stream* stream = tse_frame_new();
  if (stream == NULL) return NULL;
  stream->skip = cfg->skip_mask;
  stream->failed = false;
  stream->light = false;
  stream->failure_pending = false;
  stream->config = cfg;
  stream->self = cfg->shared_self;
  stream->borrowed = NULL;
  stream->pending_message = NULL;
  stream->pending_site = NULL;
  memset(&stream->async, 0, sizeof stream->async);
  tse_arena_init(&stream->arena, tse_module_stream_memory_limit, (tse_arena_chunk*)(void*)((char*)stream + FIRST_CHUNK_OFFSET),
                 TSE_FRAME_SIZE - FIRST_CHUNK_OFFSET);
  if (cfg->shared_self == NULL) run_factory(stream, filter_envoy_ptr);
  return stream;
}

TSE_EXPORT_WEAK envoy_dynamic_module_type_http_filter_module_ptr envoy_dynamic_module_on_http_filter_new(
    envoy_dynamic_module_type_http_filter_config_module_ptr filter_config_ptr,
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr) {
  tse_config* cfg = (tse_config*)filter_config_ptr;
  /* A failed light stream whose completion never came, at this address before: not this stream. */
  (void)tse_failed_streams_take(filter_envoy_ptr);
  if (cfg->streams_shared) return &cfg->shared_stream;
  return new_stream(cfg, filter_envoy_ptr);
}

/* `site`: where in the filter's source it failed (NULL: nowhere in particular). The failure paths
   are cold: clang lays their blocks out after a hook's own, which keeps the cache lines a request
   touches in each run_* function few (inside Envoy each one is a cache miss a request). */
static __attribute__((cold)) void record_failure(tse_stream* stream, void* envoy_filter, const char* phase, const char* reason,
                           const tse_site* site, const char* action) {
  if (stream->light) {
    /* Out of memory here: the stream's later hooks still run, after its 500 or reset. */
    (void)tse_failed_streams_add(envoy_filter);
  } else {
    stream->failed = true;
    stream->skip = SKIP_HOOKS;
  }
  tse_config* cfg = stream->config;
  uint64_t unreported;
  bool admitted = failure_log_admit(&cfg->failure_log, &unreported);
  log_unreported_failures(cfg, unreported);
  if (admitted) {
    char message[4608];
    snprintf(message, sizeof message, "tsc2envoy: filter '%s' failed in %s: %s; %s", cfg->def->name, phase, reason,
             action);
    log_line_at(envoy_dynamic_module_type_log_level_Error, message, site);
  }
  if (cfg->has_failure_counter) {
    envoy_dynamic_module_callback_http_filter_increment_counter(envoy_filter, cfg->failure_counter, NULL, 0, 1);
  }
}

static __attribute__((cold)) void fail_request(tse_stream* stream, void* envoy_filter, const char* phase, const char* reason,
                         const tse_site* site) {
  record_failure(stream, envoy_filter, phase, reason, site, "sent a 500 local reply");
  static const char body[] = "internal error in an Envoy filter\n";
  envoy_dynamic_module_callback_http_send_response(envoy_filter, 500, NULL, 0, module_buffer(body, sizeof body - 1),
                                                   cstr_buffer("tsc2envoy_filter_failed"));
}

static __attribute__((cold)) void fail_response(tse_stream* stream, void* envoy_filter, const char* phase, const char* reason,
                          const tse_site* site) {
  record_failure(stream, envoy_filter, phase, reason, site, "reset the stream");
  envoy_dynamic_module_callback_http_filter_reset_stream(
      envoy_filter, envoy_dynamic_module_type_http_filter_stream_reset_reason_LocalReset,
      cstr_buffer("tsc2envoy_filter_failed"));
}

/* ------------------------------------------------------------------ async hooks (async.c, docs/async.md) */

/*
 * A hook returned suspended: Envoy is told to stop (every status enum's StopIteration is 1) until
 * the hook resumes and settles. Two hooks of one stream suspended at once fail the stream closed.
 */
static int32_t async_hold(tse_stream* stream, tse_ctx* ctx, int32_t hook, bool end_of_stream) {
  /* Only a module with async hooks suspends one, and it has the table. */
  if (!tse_module_async_ops()->hold(&stream->async, ctx, hook, end_of_stream)) {
    ctx->site = NULL;
    tse_fail(ctx, "a second hook of this stream suspended while another one is suspended");
  }
  return 1;
}

/* The path an async hook is on: the request's (headers, body, trailers) or the response's. */
static inline bool hook_on_request(int32_t hook) {
  return hook == TSE_ASYNC_REQUEST_HEADERS || hook == TSE_ASYNC_REQUEST_BODY || hook == TSE_ASYNC_REQUEST_TRAILERS;
}

/*
 * The suspended hook of this path (request or response), 0 when none (or the stream failed: its
 * hooks are skipped and its own reply passes). Envoy must hold what follows on the path: headers'
 * StopIteration does not hold the body (a body hook that returns Continue resumes the path), so
 * where the filter has no body (or trailers) hook, the glue buffers (stops) instead; a waiting body
 * hook holds its path's chunks and trailers itself (body_hook_waits).
 */
static inline int32_t waiting_hook(const tse_stream* stream, bool request) {
  if (!ASYNC_BUILD || stream->light || stream->async.frame == NULL || stream->failed) return 0;
  const int32_t hook = stream->async.hook;
  return hook_on_request(hook) == request ? hook : 0;
}

static const char* async_hook_name(int32_t hook) {
  switch (hook) {
    case TSE_ASYNC_REQUEST_HEADERS: return "onRequestHeaders";
    case TSE_ASYNC_RESPONSE_HEADERS: return "onResponseHeaders";
    case TSE_ASYNC_REQUEST_TRAILERS: return "onRequestTrailers";
    case TSE_ASYNC_REQUEST_BODY: return "onRequestBody";
    case TSE_ASYNC_RESPONSE_BODY: return "onResponseBody";
    default: return "onResponseTrailers";
  }
}

/* Whether the body hook of this path waits: chunks and trailers arriving meanwhile are held (docs/async.md). */
static inline bool body_hook_waits(const tse_stream* stream, bool request) {
  const int32_t hook = waiting_hook(stream, request);
  return hook == TSE_ASYNC_REQUEST_BODY || hook == TSE_ASYNC_RESPONSE_BODY;
}

/*
 * What runs after a body hook settled, for what was held while it waited: the hook once more for
 * the chunks (no received chunk: their bytes are in the buffered body), then the trailers hook;
 * 0 when nothing was held. Sets *end_of_stream for the call.
 */
static int32_t held_hook(tse_stream* stream, int32_t hook, bool* end_of_stream) {
  const bool request = hook == TSE_ASYNC_REQUEST_BODY;
  uint8_t held = stream->async.held;
  if (held & TSE_HELD_CHUNK) {
    stream->async.held = held & TSE_HELD_TRAILERS;
    *end_of_stream = (held & TSE_HELD_END) != 0;
    return hook;
  }
  if (held & TSE_HELD_TRAILERS) {
    stream->async.held = 0;
    *end_of_stream = true;
    return request ? TSE_ASYNC_REQUEST_TRAILERS : TSE_ASYNC_RESPONSE_TRAILERS;
  }
  return 0;
}

static int32_t call_hook(tse_ctx* ctx, tse_stream* stream, int32_t hook, bool end_of_stream) {
  const tse_filter_def* def = stream->config->def;
  switch (hook) {
    case TSE_ASYNC_REQUEST_HEADERS: return def->on_request_headers(ctx, stream->self, end_of_stream);
    case TSE_ASYNC_RESPONSE_HEADERS: return def->on_response_headers(ctx, stream->self, end_of_stream);
    case TSE_ASYNC_REQUEST_BODY: return def->on_request_body(ctx, stream->self, end_of_stream);
    case TSE_ASYNC_RESPONSE_BODY: return def->on_response_body(ctx, stream->self, end_of_stream);
    /* Held trailers of a filter without the hook (skipped) continue. */
    case TSE_ASYNC_REQUEST_TRAILERS: return stream->skip & SKIP_REQUEST_TRAILERS ? 0 : def->on_request_trailers(ctx, stream->self);
    default: return stream->skip & SKIP_RESPONSE_TRAILERS ? 0 : def->on_response_trailers(ctx, stream->self);
  }
}

/*
 * Runs the suspended hook from its resume point. When it settles with Continue (0 in every status
 * enum) the stream goes on; a throw fails it closed as the hook itself would have. A body hook that
 * settles first runs what was held while it waited (held_hook), each a hook call of its own.
 */
static __attribute__((noinline)) void run_resume(tse_stream* stream, void* envoy_filter, const tse_callout_completion* completion) {
  /* Changed after setjmp and read after a longjmp: volatile. */
  volatile int32_t hook = stream->async.hook;
  bool end_of_stream = stream->async.end_of_stream;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  ctx_init(&ctx, stream, envoy_filter, &fail_target); /* never light: a light stream never suspends */
  ctx.async_frame = stream->async.frame;
  stream->async.frame = NULL;
  const bool request = hook_on_request(hook);
  if (tse_setjmp(fail_target) == 0) {
    if (completion != NULL && !tse_module_async_ops()->complete_callout(&ctx, (tse_async_frame*)ctx.async_frame, completion)) {
      stream->async.frame = ctx.async_frame; /* one callout of an `await Promise.all`: the group waits on */
      return;
    }
    for (;;) {
      int32_t status = call_hook(&ctx, stream, hook, end_of_stream);
      if (ctx.suspended) {
        async_hold(stream, &ctx, hook, end_of_stream);
        return;
      }
      const bool body = hook == TSE_ASYNC_REQUEST_BODY || hook == TSE_ASYNC_RESPONSE_BODY;
      const int32_t next = body ? held_hook(stream, hook, &end_of_stream) : 0;
      if (next == 0) {
        if (status == 0 && request) envoy_dynamic_module_callback_http_filter_continue_decoding(envoy_filter);
        else if (status == 0) envoy_dynamic_module_callback_http_filter_continue_encoding(envoy_filter);
        return;
      }
      hook = next;
      ctx_init(&ctx, stream, envoy_filter, &fail_target);
    }
  }
  if (request) fail_request(stream, envoy_filter, async_hook_name(hook), ctx.fail_message, ctx.site);
  else fail_response(stream, envoy_filter, async_hook_name(hook), ctx.fail_message, ctx.site);
  tse_ctx_release(&ctx);
}

static __attribute__((noinline)) envoy_dynamic_module_type_on_http_filter_request_headers_status run_request_headers(
    tse_stream* stream, void* envoy_filter, bool end_of_stream) {
  if (light_failed(stream, envoy_filter)) return envoy_dynamic_module_type_on_http_filter_request_headers_status_Continue;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  hook_arena own;
  hook_ctx_init(&ctx, stream, envoy_filter, &fail_target, &own);
  int32_t status;
  if (tse_setjmp(fail_target) == 0) {
    status = stream->config->def->on_request_headers(&ctx, stream->self, end_of_stream);
    if (ASYNC_BUILD && ctx.suspended) status = async_hold(stream, &ctx, TSE_ASYNC_REQUEST_HEADERS, end_of_stream);
  } else {
    fail_request(stream, envoy_filter, "onRequestHeaders", ctx.fail_message, ctx.site);
    tse_ctx_release(&ctx);
    status = envoy_dynamic_module_type_on_http_filter_request_headers_status_StopIteration;
  }
  hook_done(stream, &own);
  return (envoy_dynamic_module_type_on_http_filter_request_headers_status)status;
}

TSE_EXPORT_WEAK envoy_dynamic_module_type_on_http_filter_request_headers_status
envoy_dynamic_module_on_http_filter_request_headers(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr,
                                                    bool end_of_stream) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (stream->skip & SKIP_REQUEST_HEADERS) return envoy_dynamic_module_type_on_http_filter_request_headers_status_Continue;
  /* Not skipped: the factory failed (reported here, even without the hook), or the hook runs. */
  if (TSE_UNLIKELY(stream->failure_pending)) {
    const char* reason = stream->pending_message ? stream->pending_message : "out of memory (while reporting a failure)";
    fail_request(stream, filter_envoy_ptr, "the filter factory", reason, stream->pending_site);
    return envoy_dynamic_module_type_on_http_filter_request_headers_status_StopIteration;
  }
  return run_request_headers(stream, filter_envoy_ptr, end_of_stream);
}

static __attribute__((noinline)) envoy_dynamic_module_type_on_http_filter_response_headers_status run_response_headers(
    tse_stream* stream, void* envoy_filter, bool end_of_stream) {
  if (light_failed(stream, envoy_filter)) return envoy_dynamic_module_type_on_http_filter_response_headers_status_Continue;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  hook_arena own;
  hook_ctx_init(&ctx, stream, envoy_filter, &fail_target, &own);
  int32_t status;
  if (tse_setjmp(fail_target) == 0) {
    status = stream->config->def->on_response_headers(&ctx, stream->self, end_of_stream);
    if (ASYNC_BUILD && ctx.suspended) status = async_hold(stream, &ctx, TSE_ASYNC_RESPONSE_HEADERS, end_of_stream);
  } else {
    fail_response(stream, envoy_filter, "onResponseHeaders", ctx.fail_message, ctx.site);
    tse_ctx_release(&ctx);
    status = envoy_dynamic_module_type_on_http_filter_response_headers_status_StopIteration;
  }
  hook_done(stream, &own);
  return (envoy_dynamic_module_type_on_http_filter_response_headers_status)status;
}

TSE_EXPORT_WEAK envoy_dynamic_module_type_on_http_filter_response_headers_status
envoy_dynamic_module_on_http_filter_response_headers(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                     envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr,
                                                     bool end_of_stream) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  /* A failed stream's own 500 passes through here (skipped): let it through untouched. */
  if (stream->skip & SKIP_RESPONSE_HEADERS) {
    return envoy_dynamic_module_type_on_http_filter_response_headers_status_Continue;
  }
  return run_response_headers(stream, filter_envoy_ptr, end_of_stream);
}

static __attribute__((noinline)) void run_stream_complete(tse_stream* stream, void* envoy_filter) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  hook_arena own;
  hook_ctx_init(&ctx, stream, envoy_filter, &fail_target, &own);
  if (tse_setjmp(fail_target) == 0) {
    stream->config->def->on_stream_complete(&ctx, stream->self);
  } else {
    /* The exchange is over: nothing left to reply to or reset, so log and count only. */
    record_failure(stream, envoy_filter, "onStreamComplete", ctx.fail_message, ctx.site, "nothing left to fail");
    tse_ctx_release(&ctx);
  }
  hook_done(stream, &own);
}

TSE_EXPORT_WEAK void envoy_dynamic_module_on_http_filter_stream_complete(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  /* A failed light stream is forgotten when it completes, and runs no more filter code. */
  if (stream->light && tse_failed_streams_take(filter_envoy_ptr)) return;
  if (stream->skip & SKIP_STREAM_COMPLETE) return;
  run_stream_complete(stream, filter_envoy_ptr);
}

TSE_EXPORT_WEAK void envoy_dynamic_module_on_http_filter_destroy(
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (stream->skip & SKIP_FREE) return;
  /* A pending timer is cancelled: no user code runs on freed memory. */
  if (ASYNC_MODULE) tse_module_async_ops()->release(&stream->async);
  if (stream->async.snapshot_holds != NULL) tse_snapshot_holds_release(&stream->async.snapshot_holds);
  free(stream->pending_message);
  tse_arena_free(&stream->arena);
  tse_frame_free(stream);
}

/* ------------------------------------------------------------------ trailers */

/* Trailers fail as headers do: a 500 on the request path, a reset on the response path. */
static __attribute__((noinline)) int32_t run_trailers(tse_stream* stream, void* envoy_filter, bool request) {
  if (light_failed(stream, envoy_filter)) return 0;
  /* The body hook of this path waits: the trailers wait for it (run_resume runs their hook). */
  if (body_hook_waits(stream, request)) {
    stream->async.held |= TSE_HELD_TRAILERS;
    return envoy_dynamic_module_type_on_http_filter_request_trailers_status_StopIteration;
  }
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  hook_arena own;
  hook_ctx_init(&ctx, stream, envoy_filter, &fail_target, &own);
  int32_t status;
  if (tse_setjmp(fail_target) == 0) {
    const tse_filter_def* def = stream->config->def;
    status = request ? def->on_request_trailers(&ctx, stream->self) : def->on_response_trailers(&ctx, stream->self);
    if (ASYNC_BUILD && ctx.suspended) status = async_hold(stream, &ctx, request ? TSE_ASYNC_REQUEST_TRAILERS : TSE_ASYNC_RESPONSE_TRAILERS, true);
  } else {
    if (request) fail_request(stream, envoy_filter, "onRequestTrailers", ctx.fail_message, ctx.site);
    else fail_response(stream, envoy_filter, "onResponseTrailers", ctx.fail_message, ctx.site);
    tse_ctx_release(&ctx);
    status = envoy_dynamic_module_type_on_http_filter_request_trailers_status_StopIteration;
  }
  hook_done(stream, &own);
  return status;
}

TSE_EXPORT_WEAK envoy_dynamic_module_type_on_http_filter_request_trailers_status
envoy_dynamic_module_on_http_filter_request_trailers(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                     envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (stream->skip & SKIP_REQUEST_TRAILERS) {
    /* Held while a headers hook waits (Envoy delivers them); run after a waiting body hook (run_resume). */
    const int32_t waiting = waiting_hook(stream, true);
    if (TSE_LIKELY(waiting == 0)) return envoy_dynamic_module_type_on_http_filter_request_trailers_status_Continue;
    if (waiting != TSE_ASYNC_REQUEST_BODY) return envoy_dynamic_module_type_on_http_filter_request_trailers_status_StopIteration;
  }
  return (envoy_dynamic_module_type_on_http_filter_request_trailers_status)run_trailers(stream, filter_envoy_ptr, true);
}

TSE_EXPORT_WEAK envoy_dynamic_module_type_on_http_filter_response_trailers_status
envoy_dynamic_module_on_http_filter_response_trailers(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                      envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (stream->skip & SKIP_RESPONSE_TRAILERS) {
    /* Held while a headers hook waits (Envoy delivers them); run after a waiting body hook (run_resume). */
    const int32_t waiting = waiting_hook(stream, false);
    if (TSE_LIKELY(waiting == 0)) return envoy_dynamic_module_type_on_http_filter_response_trailers_status_Continue;
    if (waiting != TSE_ASYNC_RESPONSE_BODY) return envoy_dynamic_module_type_on_http_filter_response_trailers_status_StopIteration;
  }
  return (envoy_dynamic_module_type_on_http_filter_response_trailers_status)run_trailers(stream, filter_envoy_ptr, false);
}

/* ------------------------------------------------------------------ bodies */

static __attribute__((noinline)) envoy_dynamic_module_type_on_http_filter_request_body_status run_request_body(
    tse_stream* stream, void* envoy_filter, bool end_of_stream) {
  if (light_failed(stream, envoy_filter)) return envoy_dynamic_module_type_on_http_filter_request_body_status_Continue;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  hook_arena own;
  hook_ctx_init(&ctx, stream, envoy_filter, &fail_target, &own);
  int32_t status;
  if (tse_setjmp(fail_target) == 0) {
    status = stream->config->def->on_request_body(&ctx, stream->self, end_of_stream);
    /* Suspended: StopIterationAndBuffer (1), so Envoy keeps the chunk. */
    if (ASYNC_BUILD && ctx.suspended) status = async_hold(stream, &ctx, TSE_ASYNC_REQUEST_BODY, end_of_stream);
  } else {
    fail_request(stream, envoy_filter, "onRequestBody", ctx.fail_message, ctx.site);
    tse_ctx_release(&ctx);
    status = envoy_dynamic_module_type_on_http_filter_request_body_status_StopIterationNoBuffer;
  }
  hook_done(stream, &own);
  return (envoy_dynamic_module_type_on_http_filter_request_body_status)status;
}

TSE_EXPORT_WEAK envoy_dynamic_module_type_on_http_filter_request_body_status envoy_dynamic_module_on_http_filter_request_body(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, bool end_of_stream) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (stream->skip & SKIP_REQUEST_BODY) {
    /* Held while a headers hook waits (this path's body hook, skipped, never does). */
    if (TSE_UNLIKELY(waiting_hook(stream, true) != 0)) return envoy_dynamic_module_type_on_http_filter_request_body_status_StopIterationAndBuffer;
    return envoy_dynamic_module_type_on_http_filter_request_body_status_Continue;
  }
  /* The hook waits: Envoy buffers the chunk; the hook runs for it once it settles (run_resume). */
  if (body_hook_waits(stream, true)) {
    stream->async.held |= TSE_HELD_CHUNK | (end_of_stream ? TSE_HELD_END : 0);
    return envoy_dynamic_module_type_on_http_filter_request_body_status_StopIterationAndBuffer;
  }
  return run_request_body(stream, filter_envoy_ptr, end_of_stream);
}

static __attribute__((noinline)) envoy_dynamic_module_type_on_http_filter_response_body_status run_response_body(
    tse_stream* stream, void* envoy_filter, bool end_of_stream) {
  if (light_failed(stream, envoy_filter)) return envoy_dynamic_module_type_on_http_filter_response_body_status_Continue;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  hook_arena own;
  hook_ctx_init(&ctx, stream, envoy_filter, &fail_target, &own);
  int32_t status;
  if (tse_setjmp(fail_target) == 0) {
    status = stream->config->def->on_response_body(&ctx, stream->self, end_of_stream);
    /* Suspended: StopIterationAndBuffer (1), so Envoy keeps the chunk. */
    if (ASYNC_BUILD && ctx.suspended) status = async_hold(stream, &ctx, TSE_ASYNC_RESPONSE_BODY, end_of_stream);
  } else {
    fail_response(stream, envoy_filter, "onResponseBody", ctx.fail_message, ctx.site);
    tse_ctx_release(&ctx);
    status = envoy_dynamic_module_type_on_http_filter_response_body_status_StopIterationNoBuffer;
  }
  hook_done(stream, &own);
  return (envoy_dynamic_module_type_on_http_filter_response_body_status)status;
}

TSE_EXPORT_WEAK envoy_dynamic_module_type_on_http_filter_response_body_status
envoy_dynamic_module_on_http_filter_response_body(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                  envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr,
                                                  bool end_of_stream) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  /* A failed stream's own 500 passes through here (skipped): let it through untouched. */
  if (stream->skip & SKIP_RESPONSE_BODY) {
    /* Held while a headers hook waits (this path's body hook, skipped, never does). */
    if (TSE_UNLIKELY(waiting_hook(stream, false) != 0)) return envoy_dynamic_module_type_on_http_filter_response_body_status_StopIterationAndBuffer;
    return envoy_dynamic_module_type_on_http_filter_response_body_status_Continue;
  }
  /* The hook waits: Envoy buffers the chunk; the hook runs for it once it settles (run_resume). */
  if (body_hook_waits(stream, false)) {
    stream->async.held |= TSE_HELD_CHUNK | (end_of_stream ? TSE_HELD_END : 0);
    return envoy_dynamic_module_type_on_http_filter_response_body_status_StopIterationAndBuffer;
  }
  return run_response_body(stream, filter_envoy_ptr, end_of_stream);
}

/* ------------------------------------------------------------------ hooks not offered to filters yet */

/*
 * The callout an async hook awaits is done (async.c): it resumes with the response or the
 * rejection. Envoy cancels a stream's callouts when it destroys the filter, so none arrives after.
 */
TSE_EXPORT void envoy_dynamic_module_on_http_filter_http_callout_done(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t callout_id,
    envoy_dynamic_module_type_http_callout_result result, envoy_dynamic_module_type_envoy_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_envoy_buffer* body_chunks, size_t body_chunks_size) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (!ASYNC_MODULE || !tse_module_async_ops()->take_callout(&stream->async, callout_id) || stream->async.frame == NULL) return;
  if (stream->failed) {
    stream->async.frame = NULL;
    return;
  }
  tse_callout_completion completion = {(int32_t)result, headers, headers_size, body_chunks, body_chunks_size};
  run_resume(stream, filter_envoy_ptr, &completion);
}

/*
 * A streamed callout's event (async_stream.c keeps it until the filter reads it); when it is what
 * the suspended hook waits for, the hook resumes. Envoy calls none after on_http_filter_destroy.
 */
static void http_stream_event(tse_stream* stream, void* envoy_filter, uint64_t stream_id, tse_http_stream_event* event) {
  if (!ASYNC_MODULE) return;
  event->envoy_filter = envoy_filter;
  if (!tse_module_async_ops()->http_stream_event(&stream->async, stream_id, event) || stream->async.frame == NULL) return;
  if (stream->failed) {
    stream->async.frame = NULL;
    return;
  }
  run_resume(stream, envoy_filter, NULL);
}

TSE_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_headers(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id,
    envoy_dynamic_module_type_envoy_http_header* headers, size_t headers_size, bool end_stream) {
  tse_http_stream_event event = {TSE_HTTP_STREAM_HEADERS, headers, NULL, headers_size, end_stream, 0, NULL};
  http_stream_event((tse_stream*)filter_module_ptr, filter_envoy_ptr, stream_id, &event);
}

TSE_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_data(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id,
    const envoy_dynamic_module_type_envoy_buffer* data, size_t data_count, bool end_stream) {
  tse_http_stream_event event = {TSE_HTTP_STREAM_DATA, NULL, data, data_count, end_stream, 0, NULL};
  http_stream_event((tse_stream*)filter_module_ptr, filter_envoy_ptr, stream_id, &event);
}

TSE_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_trailers(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id,
    envoy_dynamic_module_type_envoy_http_header* trailers, size_t trailers_size) {
  tse_http_stream_event event = {TSE_HTTP_STREAM_TRAILERS, trailers, NULL, trailers_size, true, 0, NULL};
  http_stream_event((tse_stream*)filter_module_ptr, filter_envoy_ptr, stream_id, &event);
}

TSE_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_complete(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id) {
  tse_http_stream_event event = {TSE_HTTP_STREAM_COMPLETE, NULL, NULL, 0, true, 0, NULL};
  http_stream_event((tse_stream*)filter_module_ptr, filter_envoy_ptr, stream_id, &event);
}

TSE_EXPORT void envoy_dynamic_module_on_http_filter_http_stream_reset(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id,
    envoy_dynamic_module_type_http_stream_reset_reason reason) {
  tse_http_stream_event event = {TSE_HTTP_STREAM_RESET, NULL, NULL, 0, false, (int32_t)reason, NULL};
  http_stream_event((tse_stream*)filter_module_ptr, filter_envoy_ptr, stream_id, &event);
}

/* The timer an async hook awaits is due (async.c): it resumes where it suspended. */
TSE_EXPORT void envoy_dynamic_module_on_http_filter_scheduled(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t event_id) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (!ASYNC_MODULE || !tse_module_async_ops()->take_event(&stream->async, event_id) || stream->async.frame == NULL) return;
  if (stream->failed) {
    stream->async.frame = NULL;
    return;
  }
  run_resume(stream, filter_envoy_ptr, NULL);
}

/* ------------------------------------------------------------------ watermarks (the client's write buffer) */

/* A throw resets the stream, as in the response hooks. */
static __attribute__((noinline)) void run_watermark(tse_stream* stream, void* envoy_filter, bool above) {
  if (light_failed(stream, envoy_filter)) return;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  hook_arena own;
  hook_ctx_init(&ctx, stream, envoy_filter, &fail_target, &own);
  if (tse_setjmp(fail_target) == 0) {
    const tse_filter_def* def = stream->config->def;
    if (above) def->on_downstream_above_write_buffer_high_watermark(&ctx, stream->self);
    else def->on_downstream_below_write_buffer_low_watermark(&ctx, stream->self);
  } else {
    fail_response(stream, envoy_filter, above ? "onDownstreamAboveWriteBufferHighWatermark" : "onDownstreamBelowWriteBufferLowWatermark",
                  ctx.fail_message, ctx.site);
    tse_ctx_release(&ctx);
  }
  hook_done(stream, &own);
}

TSE_EXPORT_WEAK void envoy_dynamic_module_on_http_filter_downstream_above_write_buffer_high_watermark(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (stream->skip & SKIP_ABOVE_WATERMARK) return;
  run_watermark(stream, filter_envoy_ptr, true);
}

TSE_EXPORT_WEAK void envoy_dynamic_module_on_http_filter_downstream_below_write_buffer_low_watermark(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr) {
  tse_stream* stream = (tse_stream*)filter_module_ptr;
  if (stream->skip & SKIP_BELOW_WATERMARK) return;
  run_watermark(stream, filter_envoy_ptr, false);
}

TSE_EXPORT envoy_dynamic_module_type_on_http_filter_local_reply_status envoy_dynamic_module_on_http_filter_local_reply(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint32_t response_code,
    envoy_dynamic_module_type_envoy_buffer details, bool reset_imminent) {
  (void)filter_envoy_ptr, (void)filter_module_ptr, (void)response_code, (void)details, (void)reset_imminent;
  return envoy_dynamic_module_type_on_http_filter_local_reply_status_Continue;
}

/* ------------------------------------------------------------------ shared with the other kinds' glue (issue 11) */

/* network_filter.c and listener_filter.c decode configs, rate-limit and print failure lines as HTTP's configs do. */
tse_failure_log* tse_failure_log_new(void) { return calloc(1, sizeof(tse_failure_log)); }

bool tse_failure_log_take(tse_failure_log* log, uint64_t* unreported) { return failure_log_admit(log, unreported); }

uint64_t tse_failure_log_suppressed(const tse_failure_log* log) { return log->suppressed; }

bool tse_decode_filter_config(tse_arena* arena, const tse_type* type, const tse_literal_check* literals, bool raw,
                              envoy_dynamic_module_type_envoy_buffer config, void** value_out, char* error, size_t error_capacity) {
  if (!raw && type == NULL) return true;
  return decode_config(arena, type, literals, raw, config, value_out, error, error_capacity);
}

void tse_log_error_at(const char* message, const tse_site* site) { log_line_at(envoy_dynamic_module_type_log_level_Error, message, site); }

/* The config stage of another kind: as run_for_config, with that kind's metric callbacks. */
bool tse_run_kind_config_stage(const tse_kind_config_stage* stage, void** value, char* error, size_t error_capacity, const tse_site** site) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  tse_config_ctx_init(&ctx, stage->arena, &fail_target, stage->metrics, stage->log_writers, stage->envoy_config, TSE_STACK_BUDGET);
  ctx.metric_ops = stage->metric_ops;
  if (tse_setjmp(fail_target) == 0) {
    *value = stage->configure(&ctx, *value);
    return true;
  }
  snprintf(error, error_capacity, "%s", ctx.fail_message);
  *site = ctx.site;
  tse_ctx_release(&ctx);
  return false;
}

/* A connection's (or socket's) context for one hook call, as ctx_init makes a stream's. */
void tse_kind_ctx_init(tse_ctx* ctx, tse_arena* arena, void* envoy_filter, tse_jmp_buf* fail_target, tse_metric_table* metrics,
                       tse_log_writers* log_writers, tse_bytes** borrowed, const tse_metric_ops* metric_ops) {
  memset(ctx, 0, sizeof *ctx);
  ctx->arena = arena;
  ctx->envoy_filter = envoy_filter;
  ctx->fail_target = fail_target;
  tse_set_stack_budget(ctx, TSE_STACK_BUDGET);
  ctx->fuel = tse_module_cpu_budget;
  ctx->metrics = metrics;
  ctx->log_writers = log_writers;
  ctx->metric_ops = metric_ops;
  tse_bytes_detach_all(borrowed);
  ctx->borrowed = borrowed;
}
