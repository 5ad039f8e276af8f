/*
 * Async hooks (docs/async.md): the frame a hook's state machine keeps its locals in across an
 * `await`, and the timers `await sleep(ms)` waits for.
 *
 * Envoy offers HTTP filters no timer, only a scheduler: a handle any thread may commit an event to,
 * which Envoy then delivers on the stream's worker thread (envoy_dynamic_module_on_http_filter_scheduled,
 * a no-op once the filter is gone). So one module-wide thread keeps the pending timers in due order
 * and commits each when it is due. A stream has at most one pending timer (its one suspended hook
 * waits for it); destroying the stream removes it under the same lock the thread commits under, so
 * no commit reaches a deleted scheduler. The thread exits when no timer is pending.
 *
 * A test host may keep the clock and the timers itself (abi/c/host/envoy_model.c): time then passes
 * only when the host says (its W command), so what a program does cannot depend on how loaded the
 * machine is. Envoy defines none of the tse_host_* functions (weak references, NULL there), so in
 * Envoy the thread runs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strncasecmp, pthread_condattr_setclock */
#endif
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "envoy_abi.h"
#include "tse_internal.h"

typedef struct tse_timer {
  struct tse_timer* next;
  int64_t due_ns;
  tse_async_state* owner;
  void* scheduler;
  uint64_t event;
  void (*commit)(void* scheduler, uint64_t event); /* the stream's scheduler's, or the config's (a background task) */
} tse_timer;

static pthread_mutex_t timers_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timers_changed;
static pthread_once_t timers_once = PTHREAD_ONCE_INIT;
static bool timers_thread_running; /* under timers_lock */
static tse_timer* timers;          /* under timers_lock, by due time */

/* The test host's clock (ns), its timers (false: not taken, the thread keeps it) and their removal. */
extern int64_t tse_host_clock_ns(void) __attribute__((weak, visibility("default")));
extern bool tse_host_timer_start(void* scheduler, void (*commit)(void* scheduler, uint64_t event), const void* owner, uint64_t event,
                                 int64_t due_ns, bool replace) __attribute__((weak, visibility("default")));
extern void tse_host_timers_remove(const void* owner) __attribute__((weak, visibility("default")));

int64_t tse_monotonic_ns(void) {
  if (tse_host_clock_ns != NULL) return tse_host_clock_ns();
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static void timers_init(void) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&timers_changed, &attr);
  pthread_condattr_destroy(&attr);
}

static void* timer_thread(void* unused) {
  (void)unused;
  pthread_mutex_lock(&timers_lock);
  while (timers != NULL) {
    if (timers->due_ns <= tse_monotonic_ns()) {
      tse_timer* due = timers;
      timers = due->next;
      due->commit(due->scheduler, due->event);
      free(due);
      continue;
    }
    struct timespec until = {(time_t)(timers->due_ns / 1000000000), (long)(timers->due_ns % 1000000000)};
    pthread_cond_timedwait(&timers_changed, &timers_lock, &until);
  }
  timers_thread_running = false;
  pthread_mutex_unlock(&timers_lock);
  return NULL;
}

/* Under timers_lock: the thread, started if it is not running (signals stay with Envoy's threads). */
static bool timers_thread_ensure(void) {
  if (timers_thread_running) return true;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  pthread_t thread;
  timers_thread_running = pthread_create(&thread, &attr, timer_thread, NULL) == 0;
  pthread_sigmask(SIG_SETMASK, &previous, NULL);
  pthread_attr_destroy(&attr);
  return timers_thread_running;
}

/* Removes `owner`'s timer, if pending. Under timers_lock. */
static void timers_remove(tse_async_state* owner) {
  for (tse_timer** link = &timers; *link != NULL;) {
    tse_timer* timer = *link;
    if (timer->owner == owner) {
      *link = timer->next;
      free(timer);
    } else {
      link = &timer->next;
    }
  }
}

void* tse_async_enter(tse_ctx* ctx, size_t size) {
  if (ctx->async_frame != NULL) return ctx->async_frame;
  void* frame = tse_alloc(ctx, size);
  memset(frame, 0, size);
  ctx->async_frame = frame;
  return frame;
}

void tse_async_suspend(tse_ctx* ctx, tse_async_frame* frame) {
  ctx->suspended = true;
  ctx->async_frame = frame;
}

void tse_async_resumed(tse_ctx* ctx, tse_async_frame* frame, const tse_site* site) {
  /* Running again: a try block entered later (a loop's next turn) must not jump back here. */
  frame->state = 0;
  ctx->site = site;
  tse_error* rejection = frame->rejection;
  if (rejection == NULL) return;
  frame->rejection = NULL;
  rejection->site = site; /* an uncaught rejection is reported at the await, as V8's stack shows it */
  tse_throw(ctx, rejection);
}

/* A stream's hook, or a config's background task (state->envoy_config, background.c), may wait. */
static bool can_wait(const tse_ctx* ctx, const tse_async_state* state) {
  return state != NULL && (ctx->envoy_filter != NULL || state->config_api != NULL);
}

/* Starts a timer of `ms` for `state`: one of the collecting group's, else its one pending timer. False: no timer thread. */
static bool timer_start(tse_async_state* state, double ms, tse_async_group* group) {
  int64_t due_ns = tse_monotonic_ns() + (int64_t)(ms * 1e6);
  void (*commit)(void*, uint64_t) = state->config_api != NULL ? state->config_api->scheduler_commit : envoy_dynamic_module_callback_http_filter_scheduler_commit;
  /* A test host's timer replaces the state's pending ones as timers_remove does below (a group's stay together). */
  bool hosted = tse_host_timer_start != NULL && tse_host_timer_start(state->scheduler, commit, state, state->last_event + 1, due_ns, group == NULL);
  tse_timer* timer = hosted ? NULL : malloc(sizeof *timer);
  if (!hosted && timer == NULL) return false;
  uint64_t event = ++state->last_event;
  if (group != NULL) {
    group->slots[group->started++].event = event;
    group->pending++;
  } else {
    state->timer_event = event;
  }
  if (hosted) return true;
  *timer = (tse_timer){.due_ns = due_ns, .owner = state, .scheduler = state->scheduler, .event = event, .commit = commit};
  pthread_once(&timers_once, timers_init);
  pthread_mutex_lock(&timers_lock);
  if (group == NULL) timers_remove(state);
  tse_timer** link = &timers;
  while (*link != NULL && (*link)->due_ns <= timer->due_ns) link = &(*link)->next;
  timer->next = *link;
  *link = timer;
  bool running = timers_thread_ensure();
  if (running) pthread_cond_signal(&timers_changed);
  else timers_remove(state);
  pthread_mutex_unlock(&timers_lock);
  if (!running) state->timer_event = 0;
  return running;
}

/* The scheduler the state's timers commit to, made at its first timer: the stream's, or the config's. */
static bool scheduler_ensure(tse_ctx* ctx, tse_async_state* state) {
  if (state->scheduler != NULL) return true;
  if (state->config_api != NULL) {
    state->scheduler = state->config_api->scheduler_new(state->envoy_config);
  } else {
    state->envoy_filter = ctx->envoy_filter;
    state->scheduler = envoy_dynamic_module_callback_http_filter_scheduler_new(ctx->envoy_filter);
  }
  return state->scheduler != NULL;
}

void tse_async_sleep(tse_ctx* ctx, double ms) {
  tse_async_state* state = ctx->async_state;
  if (!can_wait(ctx, state)) tse_fail(ctx, "sleep() can only be awaited in a stream's hook or a background task");
  if (state->frame != NULL && state->frame != ctx->async_frame) {
    tse_fail(ctx, "a second hook of this stream awaits while another one is suspended");
  }
  /* setTimeout's rule (Node): below 1 ms, above 2^31 - 1 ms or NaN waits 1 ms. */
  if (!(ms >= 1 && ms <= 2147483647.0)) ms = 1;
  if (!scheduler_ensure(ctx, state)) tse_fail(ctx, "Envoy gave no scheduler for sleep()");
  /* In an `await Promise.all`, one of the group's timers; else the stream's one pending timer. */
  tse_async_group* group = state->group != NULL && state->group->collecting ? state->group : NULL;
  if (!timer_start(state, ms, group)) tse_fail(ctx, "could not start a timer for sleep() (out of memory, or no timer thread)");
}

bool tse_async_timer_start(tse_ctx* ctx, tse_async_state* state, double ms) {
  if (!(ms >= 1 && ms <= 2147483647.0)) ms = 1;
  return scheduler_ensure(ctx, state) && timer_start(state, ms, NULL);
}

bool tse_async_hold(tse_async_state* state, tse_ctx* ctx, int32_t hook, bool end_of_stream) {
  if (state->frame != NULL && state->frame != ctx->async_frame) return false;
  state->frame = ctx->async_frame;
  state->hook = hook;
  state->end_of_stream = end_of_stream;
  return true;
}

/* The slot of the current group that `event` or `callout` (whichever is not 0) belongs to, if any. */
static tse_async_slot* group_slot(tse_async_state* state, uint64_t event, uint64_t callout) {
  tse_async_group* group = state->group;
  if (group == NULL || group->collecting) return NULL;
  for (uint32_t i = 0; i < group->started; i++) {
    tse_async_slot* slot = &group->slots[i];
    if ((event != 0 && slot->event == event) || (callout != 0 && slot->callout == callout)) return slot;
  }
  return NULL;
}

bool tse_async_take_event(tse_async_state* state, uint64_t event_id) {
  if (event_id == 0) return false;
  if (event_id == state->timer_event) {
    state->timer_event = 0;
    return true;
  }
  tse_async_slot* slot = group_slot(state, event_id, 0);
  if (slot == NULL) return false;
  slot->event = 0;
  return --state->group->pending == 0; /* the group's last element: it resumes */
}

void tse_async_release(tse_async_state* state) {
  tse_http_streams_release(state);
  if (state->scheduler == NULL) return;
  if (tse_host_timers_remove != NULL) tse_host_timers_remove(state);
  pthread_once(&timers_once, timers_init);
  pthread_mutex_lock(&timers_lock);
  timers_remove(state);
  pthread_mutex_unlock(&timers_lock);
  if (state->config_api != NULL) state->config_api->scheduler_delete(state->scheduler);
  else envoy_dynamic_module_callback_http_filter_scheduler_delete(state->scheduler);
  state->scheduler = NULL;
}

/* ------------------------------------------------------------------ HTTP callouts */

/* Why a callout did not start (init results 1 to 4) or failed (results 1, 2); abi/ts/sdk.ts says the same. */
static const char* const callout_refusals[] = {"", "the request lacks :method, :path or host", "no such cluster", "duplicate callout id",
                                               "no healthy upstream host"};
static const char* const callout_failures[] = {"", "reset (connection failure or timeout)", "the response exceeds the buffer limit"};

/* An Error named HttpCalloutError: "<what> to '<cluster>': <reason>" (what: httpCallout, httpStream). */
tse_error* tse_callout_error(tse_ctx* ctx, const char* what, tse_str cluster, const char* reason) {
  size_t length;
  const char* name = tse_str_to_utf8(ctx, cluster, &length);
  size_t size = length + strlen(what) + strlen(reason) + 32;
  char* text = tse_alloc(ctx, size);
  int n = snprintf(text, size, "%s to '%.*s': %s", what, (int)length, name, reason);
  tse_error* error = tse_error_new(ctx, TSE_ERROR, tse_str_from_utf8(ctx, text, (size_t)n));
  error->name = tse_str_from_utf8(ctx, "HttpCalloutError", 16);
  return error;
}

static void header_of(tse_ctx* ctx, envoy_dynamic_module_type_module_http_header* out, tse_str name, tse_str value) {
  out->key_ptr = tse_str_to_utf8(ctx, name, &out->key_length);
  out->value_ptr = tse_str_to_utf8(ctx, value, &out->value_length);
}

static bool is_host(tse_ctx* ctx, tse_str name) {
  size_t length;
  const char* text = tse_str_to_utf8(ctx, name, &length);
  return length == 4 && strncasecmp(text, "host", 4) == 0;
}

/* A callout's request headers: :method, :path, host (the cluster's name unless given), then `headers` (pseudo-headers
 * first when `method` is not NULL; trailers: `headers` only). */
void* tse_callout_headers(tse_ctx* ctx, tse_str method, tse_str path, tse_str cluster, tse_array* headers, size_t* count_out) {
  uint32_t given = headers ? headers->length : 0;
  bool has_host = method == NULL;
  for (uint32_t i = 0; i < given; i++) has_host = has_host || is_host(ctx, ((tse_tuple_string_string**)headers->data)[i]->item0);
  envoy_dynamic_module_type_module_http_header* raw = tse_alloc(ctx, (given + 3) * sizeof *raw);
  size_t count = 0;
  if (method != NULL) {
    header_of(ctx, &raw[count++], tse_str_from_utf8(ctx, ":method", 7), method);
    header_of(ctx, &raw[count++], tse_str_from_utf8(ctx, ":path", 5), path);
  }
  if (!has_host) header_of(ctx, &raw[count++], tse_str_from_utf8(ctx, "host", 4), cluster);
  for (uint32_t i = 0; i < given; i++) {
    tse_tuple_string_string* pair = ((tse_tuple_string_string**)headers->data)[i];
    header_of(ctx, &raw[count++], pair->item0, pair->item1);
  }
  *count_out = count;
  return raw;
}

tse_callout_request tse_callout_request_of(tse_ctx* ctx, tse_str cluster, tse_str method, tse_str path, tse_array* headers, tse_str body,
                                           double timeout_ms) {
  tse_callout_request request = {NULL, 0, {NULL, 0}, {"", 0}, 5000};
  request.headers = tse_callout_headers(ctx, method, path, cluster, headers, &request.header_count);
  request.cluster.ptr = tse_str_to_utf8(ctx, cluster, &request.cluster.length);
  if (body != NULL) request.body.ptr = tse_str_to_utf8(ctx, body, &request.body.length);
  if (timeout_ms >= 1 && timeout_ms <= 86400000.0) request.timeout = (uint64_t)timeout_ms;
  return request;
}

void tse_async_http_callout(tse_ctx* ctx, tse_str cluster, tse_str method, tse_str path, tse_array* headers, tse_str body,
                            double timeout_ms) {
  tse_async_state* state = ctx->async_state;
  if (!can_wait(ctx, state)) tse_fail(ctx, "httpCallout() can only be awaited in a stream's hook or a background task");
  if (state->frame != NULL && state->frame != ctx->async_frame) {
    tse_fail(ctx, "a second hook of this stream awaits while another one is suspended");
  }
  tse_callout_request request = tse_callout_request_of(ctx, cluster, method, path, headers, body, timeout_ms);
  uint64_t id = 0;
  envoy_dynamic_module_type_http_callout_init_result started =
      state->config_api != NULL
          ? state->config_api->http_callout(state->envoy_config, &id, request.cluster, request.headers, request.header_count, request.body,
                                            request.timeout)
          : envoy_dynamic_module_callback_http_filter_http_callout(ctx->envoy_filter, &id, request.cluster, request.headers,
                                                                   request.header_count, request.body, request.timeout);
  tse_async_group* group = state->group != NULL && state->group->collecting ? state->group : NULL;
  if (started != envoy_dynamic_module_type_http_callout_init_result_Success) {
    const char* reason = (unsigned)started < sizeof callout_refusals / sizeof callout_refusals[0] ? callout_refusals[started] : "refused";
    tse_error* refusal = tse_callout_error(ctx, "httpCallout", cluster, reason);
    if (group == NULL) tse_throw(ctx, refusal);
    /* Promise.all rejects with the first; the elements after it start all the same, as in JavaScript. */
    if (group->refusal == NULL) group->refusal = refusal;
    group->started++;
    return;
  }
  if (group != NULL) {
    tse_async_slot* slot = &group->slots[group->started++];
    slot->callout = id;
    slot->cluster = cluster;
    group->pending++;
    return;
  }
  state->callout_id = id;
  state->callout_cluster = cluster;
}

bool tse_async_take_callout(tse_async_state* state, uint64_t callout_id) {
  if (callout_id == 0) return false;
  if (callout_id == state->callout_id) {
    state->callout_id = 0;
    return true;
  }
  tse_async_slot* slot = group_slot(state, 0, callout_id);
  if (slot == NULL) return false;
  state->group->arriving = slot; /* tse_async_complete_callout fills it */
  return true;
}

/* ------------------------------------------------------------------ await Promise.all([...]) */

void tse_async_group_begin(tse_ctx* ctx, double count) {
  tse_async_state* state = ctx->async_state;
  if (!can_wait(ctx, state)) tse_fail(ctx, "Promise.all() can only be awaited in a stream's hook or a background task");
  uint32_t n = (uint32_t)count;
  tse_async_group* group = tse_alloc(ctx, sizeof *group + n * sizeof(tse_async_slot));
  memset(group, 0, sizeof *group + n * sizeof(tse_async_slot));
  group->count = n;
  group->collecting = true;
  /* An earlier group's late completions no longer match: they are dropped. */
  state->group = group;
}

void tse_async_group_end(tse_ctx* ctx) {
  tse_async_state* state = ctx->async_state;
  tse_async_group* group = state->group;
  group->collecting = false;
  if (group->refusal == NULL) return;
  state->group = NULL;
  group->refusal->site = ctx->site; /* reported at the await, as V8's stack shows it */
  tse_throw(ctx, group->refusal);
}

tse_str tse_async_group_result(tse_ctx* ctx, double index) {
  tse_async_group* group = ctx->async_state->group;
  if (group == NULL || index < 0 || index >= group->count) tse_fail(ctx, "Promise.all: no result to read");
  return group->slots[(uint32_t)index].result;
}


/* A growing byte buffer in the arena, for the response's JSON. */
typedef struct json_text {
  char* bytes;
  size_t length, capacity;
} json_text;

static void json_put(tse_ctx* ctx, json_text* text, const char* bytes, size_t length) {
  if (text->length + length > text->capacity) {
    size_t capacity = (text->capacity + length) * 2 + 64;
    char* grown = tse_alloc(ctx, capacity);
    if (text->length) memcpy(grown, text->bytes, text->length);
    text->bytes = grown;
    text->capacity = capacity;
  }
  memcpy(text->bytes + text->length, bytes, length);
  text->length += length;
}

/* A JSON string of raw bytes: the decoder takes invalid UTF-8 as U+FFFD, as the SDK's TextDecoder does. */
static void json_put_string(tse_ctx* ctx, json_text* text, const char* bytes, size_t length) {
  json_put(ctx, text, "\"", 1);
  size_t start = 0;
  for (size_t i = 0; i < length; i++) {
    unsigned char c = (unsigned char)bytes[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    json_put(ctx, text, bytes + start, i - start);
    char escape[8];
    int n = snprintf(escape, sizeof escape, "\\u%04x", c);
    json_put(ctx, text, escape, (size_t)n);
    start = i + 1;
  }
  json_put(ctx, text, bytes + start, length - start);
  json_put(ctx, text, "\"", 1);
}

/* Headers as the JSON of Header[]: [["name","value"],...]. */
static void json_put_headers(tse_ctx* ctx, json_text* text, const envoy_dynamic_module_type_envoy_http_header* headers, size_t count) {
  json_put(ctx, text, "[", 1);
  for (size_t i = 0; i < count; i++) {
    json_put(ctx, text, i ? ",[" : "[", i ? 2 : 1);
    json_put_string(ctx, text, headers[i].key_ptr, headers[i].key_length);
    json_put(ctx, text, ",", 1);
    json_put_string(ctx, text, headers[i].value_ptr, headers[i].value_length);
    json_put(ctx, text, "]", 1);
  }
  json_put(ctx, text, "]", 1);
}

tse_str tse_headers_json(tse_ctx* ctx, const void* headers, size_t count) {
  json_text text = {NULL, 0, 0};
  json_put_headers(ctx, &text, headers, count);
  return tse_str_from_utf8(ctx, text.bytes, text.length);
}

bool tse_async_complete_callout(tse_ctx* ctx, tse_async_frame* frame, const tse_callout_completion* completion) {
  tse_async_state* state = ctx->async_state;
  /* The callout is the innermost awaiting function's (the hook's frame heads the chain of `await f()`s). */
  while (frame->child != NULL) frame = frame->child;
  tse_async_slot* slot = state->group != NULL ? state->group->arriving : NULL;
  if (slot != NULL) state->group->arriving = NULL, slot->callout = 0;
  if (completion->result != envoy_dynamic_module_type_http_callout_result_Success) {
    const char* reason = (unsigned)completion->result < sizeof callout_failures / sizeof callout_failures[0] ? callout_failures[completion->result] : "failed";
    frame->rejection = tse_callout_error(ctx, "httpCallout", slot != NULL ? slot->cluster : state->callout_cluster, reason);
    if (slot != NULL) state->group = NULL; /* Promise.all rejects with the first: the others are dropped */
    return true;
  }
  tse_str response = tse_callout_response_json(ctx, completion);
  if (slot == NULL) {
    frame->result = response;
    return true;
  }
  slot->result = response;
  return --state->group->pending == 0;
}

/* The callout's response as the JSON HttpCalloutResponse is decoded from. */
tse_str tse_callout_response_json(tse_ctx* ctx, const tse_callout_completion* completion) {
  const envoy_dynamic_module_type_envoy_http_header* headers = completion->headers;
  const envoy_dynamic_module_type_envoy_buffer* chunks = completion->chunks;
  json_text text = {NULL, 0, 0};
  const char* status = "0";
  size_t status_length = 1;
  for (size_t i = 0; i < completion->header_count; i++) {
    if (headers[i].key_length == 7 && memcmp(headers[i].key_ptr, ":status", 7) == 0) status = headers[i].value_ptr, status_length = headers[i].value_length;
  }
  /* ":status" is digits from Envoy's codec; anything else decodes as 0. */
  bool digits = status_length > 0 && status_length < 10;
  for (size_t i = 0; i < status_length; i++) digits = digits && status[i] >= '0' && status[i] <= '9';
  json_put(ctx, &text, "{\"status\":", 10);
  json_put(ctx, &text, digits ? status : "0", digits ? status_length : 1);
  json_put(ctx, &text, ",\"headers\":", 11);
  json_put_headers(ctx, &text, headers, completion->header_count);
  json_put(ctx, &text, ",\"body\":", 8);
  size_t body_length = 0;
  for (size_t i = 0; i < completion->chunk_count; i++) body_length += chunks[i].length;
  char* body = tse_alloc(ctx, body_length + 1);
  size_t at = 0;
  for (size_t i = 0; i < completion->chunk_count; i++) {
    if (chunks[i].length) memcpy(body + at, chunks[i].ptr, chunks[i].length);
    at += chunks[i].length;
  }
  json_put_string(ctx, &text, body, body_length);
  json_put(ctx, &text, "}", 1);
  return tse_str_from_utf8(ctx, text.bytes, text.length);
}

const tse_async_ops tse_async_ops_impl = {tse_async_hold, tse_async_take_event, tse_async_release, tse_async_take_callout,
                                          tse_async_complete_callout, tse_http_stream_event_arrived};
