/*
 * A filter config's background task (docs/async.md "Config-level background tasks"): its `run`
 * method, an async state machine like a hook's, run on Envoy's main thread once when started and
 * then `every_ms` after each run settles, never two runs at once.
 *
 * Each run has an arena of its own, freed when the run settles (returns, or throws), so a task that
 * runs for months holds only what one run allocates. Its awaits go through async.c with the
 * task's async state, whose `config_api` (this file's table) makes them the config's: its scheduler (the
 * timer thread commits to it; Envoy delivers on the main thread) and config-level callouts. An
 * uncaught throw ends the run: `report` gets the message and the TypeScript site, and the next run
 * comes at the interval as usual.
 *
 * Stopping (the config is destroyed): the pending timer is removed under the timer thread's lock
 * and the scheduler deleted (async.c), and the run's arena is freed without running more of its
 * code. Envoy cancels the config's pending callouts itself after the config's destroy hook, and
 * calls nothing for them.
 */
#include <setjmp.h>
#include <string.h>

#include "envoy_abi.h"
#include "tse_internal.h"

static const tse_async_config_api config_api = {
    envoy_dynamic_module_callback_http_filter_config_scheduler_new,
    envoy_dynamic_module_callback_http_filter_config_scheduler_commit,
    envoy_dynamic_module_callback_http_filter_config_scheduler_delete,
    envoy_dynamic_module_callback_http_filter_config_http_callout,
};

/* A run may use this much stack before a call throws RangeError, as a hook may (http_filter.c). */
enum { TSE_BACKGROUND_STACK_BUDGET = 512 * 1024 };

/* The run's arena and the task's state after it settled: the arena freed, the next run's timer started. */
static void settle(tse_background_task* task, tse_ctx* ctx) {
  /* The run's snapshot reads give their versions back (their holds are in the run's arena). */
  tse_snapshot_holds_release(&task->async.snapshot_holds);
  task->async.frame = NULL;
  task->async.group = NULL; /* it was in the run's arena */
  task->async.callout_id = 0;
  tse_arena_free(&task->arena);
  task->arena_live = false;
  task->runs++;
  if (!task->stopped && !tse_async_timer_start(ctx, &task->async, task->every_ms)) {
    task->report(task->owner, "the background task stopped: no timer for its next run", NULL);
  }
}

/*
 * Runs the task from its start (frame NULL) or from where it waits (frame, and the callout's
 * response when that is what it waited for), until it suspends again or settles.
 */
static void step(tse_background_task* task, void* frame, const tse_callout_completion* completion) {
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  /* No envoy_config: a run is past the config stage (defineSnapshot, startBackgroundTask throw). */
  tse_config_ctx_init(&ctx, &task->arena, &fail_target, task->metrics, task->log_writers, NULL, TSE_BACKGROUND_STACK_BUDGET);
  ctx.async_state = &task->async;
  ctx.async_frame = frame;
  task->async.frame = NULL;
  if (tse_setjmp(fail_target) == 0) {
    /* ctx.async_frame, not `frame`: a parameter may not survive the longjmp. */
    if (completion != NULL && !tse_async_complete_callout(&ctx, (tse_async_frame*)ctx.async_frame, completion)) {
      task->async.frame = ctx.async_frame; /* one callout of an `await Promise.all`: the group waits on */
      return;
    }
    task->run(&ctx, task->self);
    if (ctx.suspended) {
      task->async.frame = ctx.async_frame;
      return;
    }
  } else {
    task->failures++;
    task->report(task->owner, ctx.fail_message, ctx.site);
    tse_ctx_release(&ctx);
  }
  settle(task, &ctx);
}

static void run_fresh(tse_background_task* task) {
  tse_arena_init(&task->arena, task->memory_limit, NULL, 0);
  task->arena_live = true;
  step(task, NULL, NULL);
}

void tse_background_start(tse_background_task* task, void* envoy_config) {
  task->async.envoy_config = envoy_config;
  task->async.config_api = &config_api;
  task->stopped = false;
  run_fresh(task);
}

void tse_background_scheduled(tse_background_task* task, uint64_t event_id) {
  if (task->stopped || !tse_async_take_event(&task->async, event_id)) return;
  if (task->async.frame != NULL) step(task, task->async.frame, NULL); /* a sleep of the run is over */
  else if (!task->arena_live) run_fresh(task);                        /* the interval is over */
}

void tse_background_callout_done(tse_background_task* task, uint64_t callout_id, const tse_callout_completion* completion) {
  if (task->stopped || !tse_async_take_callout(&task->async, callout_id) || task->async.frame == NULL) return;
  step(task, task->async.frame, completion);
}

void tse_background_stop(tse_background_task* task) {
  task->stopped = true;
  tse_async_release(&task->async);
  tse_snapshot_holds_release(&task->async.snapshot_holds);
  if (task->arena_live) tse_arena_free(&task->arena);
  task->arena_live = false;
  task->async.frame = NULL;
}
