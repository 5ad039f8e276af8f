/*
 * Drives runtime-c/background.c (a config's background task) with runtime-c/async.c's real timer
 * thread and runtime-c/snapshot.c, under AddressSanitizer (test/runtime/background.test.ts).
 *
 * The Envoy side is this file's: the config-level scheduler (committed events queue up for this
 * "main thread", which delivers them, and a commit after the scheduler is deleted is an error) and
 * config-level callouts, answered by the script below. The task's `run` is written here as the
 * compiler writes an async method (compiler/emit/c-async.ts): a frame, a state per await.
 *
 *   run():  callout to "lists" ("missing" in the 4th run); on 200, publish [body] to the snapshot;
 *           then sleep(5)
 *   callouts answer: 1: 200 "v1"; 2: reset; 3: 503 "down"; 5: 200 "v5"
 *
 * The task runs every 20 ms; the harness stops it (the config is destroyed) at the point its argument
 * names, and prints what happened, one line per step:
 *
 *   background_harness sleep|callout|interval
 *
 * sleep: while the 5th run sleeps; callout: while the 5th run's callout is pending (no answer comes
 * after the stop; Envoy itself keeps a config while its callout is pending); interval: while the
 * task waits for its 5th run.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, nanosleep */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envoy_abi.h"
#include "harness_ctx.h"
#include "tse_internal.h"

const int64_t tse_module_cpu_budget = 0;

/* ------------------------------------------------------------------ Envoy's side */

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_changed = PTHREAD_COND_INITIALIZER;
static uint64_t queue[64];
static int queued;
static int schedulers_live, commits_after_delete;
static void* made_schedulers[8]; /* freed at exit: a commit after delete must still find its flag */
static int made_count;
static int config_token; /* the config's envoy_ptr */

typedef struct fake_scheduler {
  bool deleted;
} fake_scheduler;

void* envoy_dynamic_module_callback_http_filter_config_scheduler_new(void* config) {
  if (config != &config_token) abort();
  schedulers_live++;
  fake_scheduler* scheduler = calloc(1, sizeof(fake_scheduler));
  if (made_count < 8) made_schedulers[made_count++] = scheduler;
  return scheduler;
}

void envoy_dynamic_module_callback_http_filter_config_scheduler_commit(void* scheduler, uint64_t event_id) {
  pthread_mutex_lock(&queue_lock);
  if (((fake_scheduler*)scheduler)->deleted) commits_after_delete++;
  else if (queued < 64) queue[queued++] = event_id;
  pthread_cond_signal(&queue_changed);
  pthread_mutex_unlock(&queue_lock);
}

void envoy_dynamic_module_callback_http_filter_config_scheduler_delete(void* scheduler) {
  /* Envoy's scheduler is gone: what was posted and not yet delivered is dropped with it. */
  pthread_mutex_lock(&queue_lock);
  ((fake_scheduler*)scheduler)->deleted = true;
  queued = 0;
  pthread_mutex_unlock(&queue_lock);
  schedulers_live--;
}

/* A stream's scheduler and callouts: a background task must never use them. */
void* envoy_dynamic_module_callback_http_filter_scheduler_new(void* filter) { (void)filter, abort(); }
void envoy_dynamic_module_callback_http_filter_scheduler_commit(void* scheduler, uint64_t event_id) { (void)scheduler, (void)event_id, abort(); }
void envoy_dynamic_module_callback_http_filter_scheduler_delete(void* scheduler) { (void)scheduler, abort(); }
envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_http_callout(
    void* filter, uint64_t* id, envoy_dynamic_module_type_module_buffer cluster, envoy_dynamic_module_type_module_http_header* headers,
    size_t count, envoy_dynamic_module_type_module_buffer body, uint64_t timeout) {
  (void)filter, (void)id, (void)cluster, (void)headers, (void)count, (void)body, (void)timeout;
  abort();
}

/* A stream's streamed callouts (async_stream.c, which async.c links): a background task must never use them either. */
envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_start_http_stream(
    void* filter, uint64_t* id, envoy_dynamic_module_type_module_buffer cluster, envoy_dynamic_module_type_module_http_header* headers,
    size_t count, envoy_dynamic_module_type_module_buffer body, bool end_stream, uint64_t timeout) {
  (void)filter, (void)id, (void)cluster, (void)headers, (void)count, (void)body, (void)end_stream, (void)timeout;
  abort();
}
void envoy_dynamic_module_callback_http_filter_reset_http_stream(void* filter, uint64_t id) { (void)filter, (void)id, abort(); }
bool envoy_dynamic_module_callback_http_stream_send_data(void* filter, uint64_t id, envoy_dynamic_module_type_module_buffer data, bool end_stream) {
  (void)filter, (void)id, (void)data, (void)end_stream, abort();
}
bool envoy_dynamic_module_callback_http_stream_send_trailers(void* filter, uint64_t id, envoy_dynamic_module_type_module_http_header* trailers,
                                                             size_t count) {
  (void)filter, (void)id, (void)trailers, (void)count, abort();
}

static int callouts_started;
static uint64_t pending_callout; /* 0: none */
static int pending_number;

envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_config_http_callout(
    void* config, uint64_t* id, envoy_dynamic_module_type_module_buffer cluster, envoy_dynamic_module_type_module_http_header* headers,
    size_t count, envoy_dynamic_module_type_module_buffer body, uint64_t timeout) {
  (void)headers, (void)count, (void)body, (void)timeout;
  if (config != &config_token) abort();
  int number = ++callouts_started;
  printf("callout %d %.*s\n", number, (int)cluster.length, cluster.ptr);
  if (cluster.length == 7 && memcmp(cluster.ptr, "missing", 7) == 0) return envoy_dynamic_module_type_http_callout_init_result_ClusterNotFound;
  *id = 100 + (uint64_t)number;
  pending_callout = *id;
  pending_number = number;
  return envoy_dynamic_module_type_http_callout_init_result_Success;
}

/* ------------------------------------------------------------------ the task, as compiled */

static tse_snapshot allowed;
static tse_background_task task;
/* As the compiler emits a file's sites: the sites, then the file's name. */
static const struct { tse_site sites[2]; char file[9]; } allow_sites = {{{10, 2 * sizeof(tse_site)}, {14, 1 * sizeof(tse_site)}}, "allow.ts"};
#define site_callout (allow_sites.sites[0])
#define site_sleep (allow_sites.sites[1])
static int published_v5;

typedef struct run_frame {
  tse_async_frame base;
} run_frame;

/* The response's body (a JSON string without escapes in this script) and status, from the callout's JSON. */
static bool response_of(tse_ctx* ctx, tse_str json, int* status, char* body, size_t capacity) {
  size_t length;
  const char* text = tse_str_to_utf8(ctx, json, &length);
  const char* at = strstr(text, "\"body\":\"");
  if (at == NULL || sscanf(text, "{\"status\":%d", status) != 1) return false;
  at += 8;
  const char* end = strchr(at, '"');
  if (end == NULL || (size_t)(end - at) >= capacity) return false;
  memcpy(body, at, (size_t)(end - at));
  body[end - at] = '\0';
  return true;
}

static void task_run(tse_ctx* ctx, void* self) {
  (void)self;
  run_frame* frame = tse_async_enter(ctx, sizeof *frame);
  if (frame->base.state == 1) goto resume1;
  if (frame->base.state == 2) goto resume2;
  ctx->site = &site_callout;
  tse_async_http_callout(ctx, tse_str_from_utf8(ctx, task.runs == 3 ? "missing" : "lists", task.runs == 3 ? 7 : 5),
                         tse_str_from_utf8(ctx, "GET", 3), tse_str_from_utf8(ctx, "/list", 5), NULL, NULL, 1000);
  frame->base.state = 1;
  tse_async_suspend(ctx, &frame->base);
  return;
resume1:
  tse_async_resumed(ctx, &frame->base, &site_callout);
  int status;
  char body[64], json[96], error[256];
  if (!response_of(ctx, frame->base.result, &status, body, sizeof body)) tse_throw_js_error(ctx, "TypeError", "bad response");
  if (status == 200) {
    int n = snprintf(json, sizeof json, "[\"%s\"]", body);
    if (!tse_snapshot_publish_json(&allowed, json, (size_t)n, error, sizeof error)) tse_throw_js_error(ctx, "TypeError", error);
    printf("publish %s\n", json);
    if (strcmp(body, "v5") == 0) published_v5 = 1;
  }
  ctx->site = &site_sleep;
  tse_async_sleep(ctx, 5);
  frame->base.state = 2;
  tse_async_suspend(ctx, &frame->base);
  return;
resume2:
  tse_async_resumed(ctx, &frame->base, &site_sleep);
}

static void report(void* owner, const char* message, const tse_site* site) {
  (void)owner;
  printf("report %s at %s:%u\n", message, site ? tse_site_file(site) : "-", site ? site->line : 0);
}

/* ------------------------------------------------------------------ the main thread */

static void answer_callout(void) {
  static envoy_dynamic_module_type_envoy_http_header headers[1];
  static envoy_dynamic_module_type_envoy_buffer chunk;
  const char* status = pending_number == 3 ? "503" : "200";
  const char* body = pending_number == 1 ? "v1" : pending_number == 3 ? "down" : "v5";
  headers[0] = (envoy_dynamic_module_type_envoy_http_header){(char*)":status", 7, (char*)status, 3};
  chunk = (envoy_dynamic_module_type_envoy_buffer){(char*)body, strlen(body)};
  uint64_t id = pending_callout;
  pending_callout = 0;
  tse_callout_completion completion = {pending_number == 2 ? envoy_dynamic_module_type_http_callout_result_Reset
                                                           : envoy_dynamic_module_type_http_callout_result_Success,
                                       headers, 1, &chunk, 1};
  tse_background_callout_done(&task, id, &completion);
}

/* The next committed event, or 0 after 30 s without one (a hang; a loaded machine under TSan may stall seconds). */
static uint64_t next_event(void) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 30;
  pthread_mutex_lock(&queue_lock);
  while (queued == 0) {
    if (pthread_cond_timedwait(&queue_changed, &queue_lock, &until) != 0) break;
  }
  uint64_t event = 0;
  if (queued > 0) {
    event = queue[0];
    memmove(queue, queue + 1, (size_t)(--queued) * sizeof queue[0]);
  }
  pthread_mutex_unlock(&queue_lock);
  return event;
}

static void print_snapshot(const char* when) {
  char json[256];
  harness_read_json(&allowed, &tse_type_array_string, json, sizeof json);
  printf("snapshot %s: %s\n", when, json);
}


/* Whether the task is at the stop point `at` names. */
static bool at_stop_point(const char* at) {
  if (strcmp(at, "sleep") == 0) return published_v5 && task.async.frame != NULL;
  if (strcmp(at, "callout") == 0) return callouts_started == 5 && pending_callout != 0;
  return task.runs == 4 && !task.arena_live;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc != 2) return 2;
  const char* stop_at = argv[1];
  char error[256];
  if (!tse_snapshot_init(&allowed, "allowed", &tse_type_array_string, NULL, "[]", 2, error, sizeof error)) return 1;
  task.run = task_run;
  task.every_ms = 20;
  task.memory_limit = 1u << 20;
  task.report = report;
  tse_background_start(&task, &config_token);
  for (int steps = 0; steps < 100; steps++) {
    if (at_stop_point(stop_at)) break; /* destroy the config now */
    if (pending_callout != 0) {
      answer_callout();
      continue;
    }
    uint64_t event = next_event();
    if (event == 0) {
      printf("stalled\n");
      return 1;
    }
    tse_background_scheduled(&task, event);
  }
  print_snapshot("before stop");
  tse_background_stop(&task);
  printf("stopped: runs %llu, failures %llu, schedulers %d\n", (unsigned long long)task.runs, (unsigned long long)task.failures, schedulers_live);
  /* The sleep would have ended within 5 ms, and the next run 20 ms later: nothing may come. */
  struct timespec pause = {0, 60 * 1000 * 1000};
  nanosleep(&pause, NULL);
  pthread_mutex_lock(&queue_lock);
  printf("after stop: %d event(s) delivered, %d commit(s) to a deleted scheduler\n", queued, commits_after_delete);
  pthread_mutex_unlock(&queue_lock);
  print_snapshot("after stop");
  tse_snapshot_destroy(&allowed);
  printf("live versions %ld\n", tse_snapshot_live_versions());
  for (int i = 0; i < made_count; i++) free(made_schedulers[i]);
  return 0;
}
