/*
 * The host's clock: virtual, so a transcript cannot depend on how loaded the machine is. Time
 * passes only in the W command (host.c), by exactly the milliseconds it names; the module's timers
 * (runtime-c/async.c finds the tse_host_* functions here; Envoy has none, so there its timer
 * thread runs on the real clock) fall due at their virtual time, in due order, ties in the order
 * they started, as the Node reference SDK's timers do (abi/ts/sdk.ts). The failure-line window
 * runs on the same clock. Which events a W delivers, and in what order, is decided on this clock
 * alone; W still lets as much real time pass (each timer fires no earlier than its virtual delay
 * after the W began), so a program reading performance.now() or Date.now() sees the time pass as
 * in Envoy (examples/delay.ts measures its sleep).
 *
 * TSE_HOST_CLOCK=real: the real monotonic clock, the module's own timer thread, and W sleeps (the
 * runtime's Envoy path in the native host; its transcripts then depend on timing).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envoy_model.h"

#define EXPORT __attribute__((visibility("default")))

typedef struct host_timer {
  int64_t due_ns;
  void* scheduler;
  void (*commit)(void* scheduler, uint64_t event);
  const void* owner; /* the module's per-stream (or per-task) async state */
  uint64_t event;
} host_timer;

static host_timer* timers; /* by due time, ties in the order they started */
static size_t timer_count, timer_capacity;
static int64_t now_ns;
/* The W in progress: the virtual and the real (CLOCK_MONOTONIC) time it began at. */
static int64_t paced_from_ns;
static struct timespec paced_from_real;

/* Real time catches up with `virtual_ns`: sleeps until as long after the W began. */
static void pace(int64_t virtual_ns) {
  int64_t ns = paced_from_real.tv_nsec + (virtual_ns - paced_from_ns);
  struct timespec until = {paced_from_real.tv_sec + (time_t)(ns / 1000000000), (long)(ns % 1000000000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR) {
  }
}

bool model_real_clock(void) {
  static int real = -1;
  if (real < 0) {
    const char* setting = getenv("TSE_HOST_CLOCK");
    real = setting != NULL && strcmp(setting, "real") == 0;
  }
  return real;
}

EXPORT int64_t tse_host_clock_ns(void) {
  if (!model_real_clock()) return now_ns;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

EXPORT void tse_host_timers_remove(const void* owner) {
  size_t kept = 0;
  for (size_t i = 0; i < timer_count; i++)
    if (timers[i].owner != owner) timers[kept++] = timers[i];
  timer_count = kept;
}

/* A timer the module starts; replace: the owner's pending timers go first (async.c's timers_remove). */
EXPORT bool tse_host_timer_start(void* scheduler, void (*commit)(void* scheduler, uint64_t event), const void* owner, uint64_t event,
                                 int64_t due_ns, bool replace) {
  if (model_real_clock()) return false;
  if (replace) tse_host_timers_remove(owner);
  if (timer_count == timer_capacity) {
    timer_capacity = timer_capacity ? 2 * timer_capacity : 16;
    timers = realloc(timers, timer_capacity * sizeof *timers);
    if (timers == NULL) {
      fputs("host: out of memory for timers\n", stderr);
      exit(2);
    }
  }
  size_t at = timer_count;
  while (at > 0 && timers[at - 1].due_ns > due_ns) at--;
  memmove(&timers[at + 1], &timers[at], (timer_count - at) * sizeof *timers);
  timers[at] = (host_timer){due_ns, scheduler, commit, owner, event};
  timer_count++;
  return true;
}

int64_t model_advance_begin(long ms) {
  paced_from_ns = now_ns;
  clock_gettime(CLOCK_MONOTONIC, &paced_from_real);
  return now_ns + (int64_t)ms * 1000000;
}

bool model_fire_timer(int64_t deadline_ns) {
  if (timer_count == 0 || timers[0].due_ns > deadline_ns) return false;
  host_timer due = timers[0];
  memmove(&timers[0], &timers[1], --timer_count * sizeof *timers);
  if (due.due_ns > now_ns) now_ns = due.due_ns;
  pace(now_ns);
  due.commit(due.scheduler, due.event);
  return true;
}

void model_clock_reach(int64_t time_ns) {
  if (time_ns > now_ns) now_ns = time_ns;
  pace(now_ns);
}
