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
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envoy_abi.h"
#include "tse_internal.h"

typedef struct tse_timer {
  struct tse_timer* next;
  int64_t due_ns;
  tse_async_state* owner;
  void* scheduler;
  uint64_t event;
} tse_timer;

static pthread_mutex_t timers_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timers_changed;
static pthread_once_t timers_once = PTHREAD_ONCE_INIT;
static bool timers_thread_running; /* under timers_lock */
static tse_timer* timers;          /* under timers_lock, by due time */

static int64_t monotonic_now_ns(void) {
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
    if (timers->due_ns <= monotonic_now_ns()) {
      tse_timer* due = timers;
      timers = due->next;
      envoy_dynamic_module_callback_http_filter_scheduler_commit(due->scheduler, due->event);
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

void tse_async_suspend(tse_ctx* ctx) { ctx->suspended = true; }

void tse_async_resumed(tse_ctx* ctx, tse_async_frame* frame, const tse_site* site) {
  ctx->site = site;
  tse_error* rejection = frame->rejection;
  if (rejection == NULL) return;
  frame->rejection = NULL;
  tse_throw(ctx, rejection);
}

void tse_async_sleep(tse_ctx* ctx, double ms) {
  tse_async_state* state = ctx->async_state;
  if (state == NULL || ctx->envoy_filter == NULL) tse_fail(ctx, "sleep() can only be awaited in a stream's hook");
  if (state->frame != NULL && state->frame != ctx->async_frame) {
    tse_fail(ctx, "a second hook of this stream awaits while another one is suspended");
  }
  /* setTimeout's rule (Node): below 1 ms, above 2^31 - 1 ms or NaN waits 1 ms. */
  if (!(ms >= 1 && ms <= 2147483647.0)) ms = 1;
  if (state->scheduler == NULL) {
    state->envoy_filter = ctx->envoy_filter;
    state->scheduler = envoy_dynamic_module_callback_http_filter_scheduler_new(ctx->envoy_filter);
    if (state->scheduler == NULL) tse_fail(ctx, "Envoy gave no scheduler for sleep()");
  }
  tse_timer* timer = malloc(sizeof *timer);
  if (timer == NULL) tse_fail(ctx, "out of memory (a timer for sleep())");
  timer->due_ns = monotonic_now_ns() + (int64_t)(ms * 1e6);
  timer->owner = state;
  timer->scheduler = state->scheduler;
  timer->event = state->timer_event = ++state->last_event;
  pthread_once(&timers_once, timers_init);
  pthread_mutex_lock(&timers_lock);
  timers_remove(state);
  tse_timer** link = &timers;
  while (*link != NULL && (*link)->due_ns <= timer->due_ns) link = &(*link)->next;
  timer->next = *link;
  *link = timer;
  bool running = timers_thread_ensure();
  if (running) pthread_cond_signal(&timers_changed);
  else timers_remove(state);
  pthread_mutex_unlock(&timers_lock);
  if (!running) {
    state->timer_event = 0;
    tse_fail(ctx, "could not start the timer thread for sleep()");
  }
}

bool tse_async_hold(tse_async_state* state, tse_ctx* ctx, int32_t hook, bool end_of_stream) {
  if (state->frame != NULL && state->frame != ctx->async_frame) return false;
  state->frame = ctx->async_frame;
  state->hook = hook;
  state->end_of_stream = end_of_stream;
  return true;
}

bool tse_async_take_event(tse_async_state* state, uint64_t event_id) {
  if (event_id == 0 || event_id != state->timer_event) return false;
  state->timer_event = 0;
  return true;
}

void tse_async_release(tse_async_state* state) {
  if (state->scheduler == NULL) return;
  pthread_once(&timers_once, timers_init);
  pthread_mutex_lock(&timers_lock);
  timers_remove(state);
  pthread_mutex_unlock(&timers_lock);
  envoy_dynamic_module_callback_http_filter_scheduler_delete(state->scheduler);
  state->scheduler = NULL;
}
