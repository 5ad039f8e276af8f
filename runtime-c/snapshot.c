/*
 * Snapshots (docs/async.md "Config-level background tasks"): a value a filter config's background
 * task publishes on Envoy's main thread and every stream on every worker reads.
 *
 * Each published value is a *version*: its own arena holding the value decoded from JSON and
 * deep-frozen (tse_json_decode with freeze), and a reference count. The snapshot holds one
 * reference to its current version; a stream's first read takes another (tse_snapshot_read pins
 * it in the stream's hold list) and gives it back when the stream ends, so a stream sees one value
 * for its whole life however often the task publishes, and a version is freed by whoever lets go
 * of it last. The lock covers only "read `current` and count a reference" against "swap
 * `current`": without it a reader could count a reference on a version the publisher has just
 * freed. Decoding and freeing happen outside it.
 *
 * Library code (no Envoy callback): test/runtime/snapshot.test.ts drives it from threads under
 * AddressSanitizer. Linked only into modules whose C calls it (compiler/cc.ts ON_DEMAND_SOURCES).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tse_internal.h"

/* A published value is charged to its own arena's limit, as a config is (TSE_CONFIG_MEMORY_LIMIT). */
enum { TSE_SNAPSHOT_MEMORY_LIMIT = 64u << 20, TSE_SNAPSHOT_STACK_BUDGET = 512 * 1024 };

struct tse_snapshot_version {
  atomic_uint refs;
  tse_arena arena;
  /* The decoded value as its type's slot (a pointer for objects, arrays and strings; a double, a bool). */
  _Alignas(16) unsigned char slot[16];
};

/* Any value's slot fits (a tse_value is the widest); type->size is a struct's size, not its slot's. */
_Static_assert(sizeof(tse_value) <= sizeof(((tse_snapshot_version*)0)->slot), "a value fits a slot");

static atomic_long live_versions; /* for tests: versions not yet freed, every snapshot together */

long tse_snapshot_live_versions(void) { return atomic_load(&live_versions); }

/* A fresh version holding `json` decoded as the snapshot's type, or NULL with the reason in `error`. */
static tse_snapshot_version* version_new(const tse_snapshot* snapshot, const char* json, size_t length, char* error, size_t error_capacity) {
  tse_snapshot_version* version = calloc(1, sizeof *version);
  if (version == NULL) {
    snprintf(error, error_capacity, "out of memory (a snapshot)");
    return NULL;
  }
  tse_arena_init(&version->arena, TSE_SNAPSHOT_MEMORY_LIMIT, NULL, 0);
  tse_block_cache_hold(1);
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.arena = &version->arena;
  ctx.fail_target = &fail_target;
  tse_set_stack_budget(&ctx, TSE_SNAPSHOT_STACK_BUDGET);
  const char* message = NULL;
  if (tse_setjmp(fail_target) == 0) {
    if (tse_json_decode(&ctx, snapshot->type, snapshot->literals, json, length, true, version->slot, &message, snapshot->name) == TSE_JSON_OK) {
      atomic_init(&version->refs, 1);
      atomic_fetch_add(&live_versions, 1);
      return version;
    }
    snprintf(error, error_capacity, "%s", message ? message : "the value does not match the snapshot's type");
  } else {
    snprintf(error, error_capacity, "%s: %s", snapshot->name, ctx.fail_message ? ctx.fail_message : "failed");
    tse_ctx_release(&ctx);
  }
  tse_arena_free(&version->arena);
  tse_block_cache_hold(-1);
  free(version);
  return NULL;
}

static void version_release(tse_snapshot_version* version) {
  if (version == NULL || atomic_fetch_sub(&version->refs, 1) != 1) return;
  tse_arena_free(&version->arena);
  tse_block_cache_hold(-1);
  atomic_fetch_sub(&live_versions, 1);
  free(version);
}

bool tse_snapshot_init(tse_snapshot* snapshot, const char* name, const tse_type* type, const tse_literal_check* literals, const char* json,
                       size_t length, char* error, size_t error_capacity) {
  memset(snapshot, 0, sizeof *snapshot);
  snapshot->name = name;
  snapshot->type = type;
  snapshot->literals = literals;
  snapshot->current = version_new(snapshot, json, length, error, error_capacity);
  if (snapshot->current == NULL) return false;
  pthread_mutex_init(&snapshot->lock, NULL);
  return true;
}

bool tse_snapshot_publish_json(tse_snapshot* snapshot, const char* json, size_t length, char* error, size_t error_capacity) {
  tse_snapshot_version* fresh = version_new(snapshot, json, length, error, error_capacity);
  if (fresh == NULL) return false; /* the current version stays */
  pthread_mutex_lock(&snapshot->lock);
  tse_snapshot_version* old = snapshot->current;
  snapshot->current = fresh;
  pthread_mutex_unlock(&snapshot->lock);
  version_release(old); /* freed now unless a stream still reads it */
  return true;
}

const void* tse_snapshot_read(tse_ctx* ctx, tse_snapshot_hold** holds, tse_snapshot* snapshot) {
  for (tse_snapshot_hold* hold = *holds; hold != NULL; hold = hold->next) {
    if (hold->snapshot == snapshot) return hold->version->slot;
  }
  /* Allocated before the reference is counted: a failing allocation leaves nothing to give back. */
  tse_snapshot_hold* hold = tse_alloc(ctx, sizeof *hold);
  pthread_mutex_lock(&snapshot->lock);
  tse_snapshot_version* version = snapshot->current;
  atomic_fetch_add(&version->refs, 1);
  pthread_mutex_unlock(&snapshot->lock);
  hold->snapshot = snapshot;
  hold->version = version;
  hold->next = *holds;
  *holds = hold;
  return version->slot;
}

void tse_snapshot_holds_release(tse_snapshot_hold** holds) {
  for (tse_snapshot_hold* hold = *holds; hold != NULL; hold = hold->next) version_release(hold->version);
  *holds = NULL;
}

void tse_snapshot_destroy(tse_snapshot* snapshot) {
  if (snapshot->current == NULL) return;
  version_release(snapshot->current);
  snapshot->current = NULL;
  pthread_mutex_destroy(&snapshot->lock);
}

