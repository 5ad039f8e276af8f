/*
 * The Envoy streams whose light stream failed, per thread. Every light stream of a config is the
 * config's one read-only tse_stream (http_filter.c), so what a failure changes for one stream (no
 * more filter code runs in it) is kept here instead, keyed by the stream's Envoy filter pointer,
 * which no two live streams share. Envoy runs a stream on one worker thread from its creation to
 * its destruction, so a set per thread needs no lock.
 *
 * An entry goes when its stream completes, and when a new stream is created at the same address
 * (Envoy reuses a destroyed filter's memory): a stream whose completion never came cannot mark a
 * later one as failed (a thread that exits leaves its entries: Envoy's workers live as long as the
 * process). A set exists only while one of its thread's streams has failed, and the hot
 * path reads only tse_failed_streams_alive, the count of every thread's entries: 0 but for moments
 * of failure, so the thread-local set is looked at then only.
 *
 * Written here rather than taken from a hash-table library (khash, uthash): a set of a few
 * pointers, open addressing with linear probing and deletion by backward shift, is some forty
 * lines, where those bring hundreds, macros and an allocator interface of their own.
 */
#include <stdint.h>
#include <stdlib.h>

#include "tse_internal.h"

struct tse_failed_set {
  uint32_t capacity; /* a power of two */
  uint32_t count;
  const void* keys[]; /* NULL: free */
};

typedef struct tse_failed_set tse_failed_set;
/* initial-exec, as arena.c's block cache: no __tls_get_addr call, no dynamic TLS block. */
static _Thread_local tse_failed_set* tse_failed_streams __attribute__((tls_model("initial-exec")));
uint32_t tse_failed_streams_alive;

enum { FIRST_CAPACITY = 16 };

static uint32_t home_slot(const void* key, uint32_t capacity) {
  /* Fibonacci hashing: filter objects are aligned, so the pointer's low bits say little. */
  return (uint32_t)(((uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull) >> 32) & (capacity - 1);
}

/* The slot holding `key`, or the free slot where it would go. */
static uint32_t find_slot(const tse_failed_set* set, const void* key) {
  uint32_t slot = home_slot(key, set->capacity);
  while (set->keys[slot] != NULL && set->keys[slot] != key) slot = (slot + 1) & (set->capacity - 1);
  return slot;
}

static tse_failed_set* new_set(uint32_t capacity) {
  tse_failed_set* set = calloc(1, sizeof *set + capacity * sizeof(const void*));
  if (set != NULL) set->capacity = capacity;
  return set;
}

bool tse_failed_streams_add(const void* envoy_filter) {
  tse_failed_set* set = tse_failed_streams;
  if (set == NULL) {
    set = new_set(FIRST_CAPACITY);
    if (set == NULL) return false;
    tse_failed_streams = set;
  } else if (4 * (set->count + 1) > 3 * set->capacity) {
    tse_failed_set* larger = new_set(2 * set->capacity);
    if (larger == NULL) return false;
    for (uint32_t i = 0; i < set->capacity; i++) {
      if (set->keys[i] != NULL) larger->keys[find_slot(larger, set->keys[i])] = set->keys[i];
    }
    larger->count = set->count;
    free(set);
    set = tse_failed_streams = larger;
  }
  const uint32_t slot = find_slot(set, envoy_filter);
  if (set->keys[slot] == NULL) {
    set->keys[slot] = envoy_filter;
    set->count++;
    __atomic_fetch_add(&tse_failed_streams_alive, 1, __ATOMIC_RELAXED);
  }
  return true;
}

bool tse_failed_streams_has_slow(const void* envoy_filter) {
  const tse_failed_set* set = tse_failed_streams;
  return set != NULL && set->keys[find_slot(set, envoy_filter)] == envoy_filter;
}

bool tse_failed_streams_take_slow(const void* envoy_filter) {
  tse_failed_set* set = tse_failed_streams;
  if (set == NULL) return false;
  const uint32_t mask = set->capacity - 1;
  uint32_t hole = find_slot(set, envoy_filter);
  if (set->keys[hole] == NULL) return false;
  __atomic_fetch_sub(&tse_failed_streams_alive, 1, __ATOMIC_RELAXED);
  if (--set->count == 0) {
    free(set);
    tse_failed_streams = NULL;
    return true;
  }
  /* Backward shift: each key after the hole that may live there moves into it, so every key stays
     reachable from its home slot without tombstones. */
  for (uint32_t next = (hole + 1) & mask; set->keys[next] != NULL; next = (next + 1) & mask) {
    const uint32_t home = home_slot(set->keys[next], set->capacity);
    /* `next`'s key may move to `hole` when its home is not cyclically within (hole, next]. */
    if (((next - home) & mask) >= ((next - hole) & mask)) {
      set->keys[hole] = set->keys[next];
      hole = next;
    }
  }
  set->keys[hole] = NULL;
  return true;
}
