/*
 * runtime-c/failed_streams.c against a plain array of flags: random adds and takes of keys shaped
 * like Envoy filter pointers (16-byte aligned, from one block), on several threads at once, each
 * with its own set. Prints "ok <operations> <largest set>" or the first disagreement (exit 1).
 * Usage: failed_streams_harness <threads> <operations per thread> <distinct keys> <seed>
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness_ctx.h"
#include "tse_internal.h"

enum { KEY_STRIDE = 16 };

static int operations, key_count;
static unsigned seed;
static _Atomic int failures;

typedef struct worker {
  int index;
  int largest;
} worker;

static void* run(void* arg) {
  worker* self = arg;
  unsigned char* block = malloc((size_t)key_count * KEY_STRIDE);
  bool* member = calloc((size_t)key_count, sizeof(bool));
  unsigned state = seed * 2654435761u + (unsigned)self->index;
  int size = 0;
  for (int i = 0; i < operations && failures == 0; i++) {
    state = state * 1103515245u + 12345u;
    const int k = (int)((state >> 8) % (unsigned)key_count);
    const void* key = block + (size_t)k * KEY_STRIDE;
    /* Grow to about half the keys, then shrink to none, twice: the set grows and is freed. */
    const bool adding = ((i / (operations / 4 + 1)) % 2) == 0 ? (state >> 28) < 12 : (state >> 28) < 3;
    if (adding) {
      if (!tse_failed_streams_add(key)) {
        fprintf(stderr, "thread %d: add ran out of memory\n", self->index);
        failures++;
      }
      if (!member[k]) size++;
      member[k] = true;
    } else {
      const bool taken = tse_failed_streams_take(key);
      if (taken != member[k]) {
        fprintf(stderr, "thread %d, operation %d: take of key %d gave %d, expected %d\n", self->index, i, k, taken, member[k]);
        failures++;
      }
      if (member[k]) size--;
      member[k] = false;
    }
    if (size > self->largest) self->largest = size;
    /* Every key agrees now and then (and always while the set is small). */
    if (size < 8 || i % 997 == 0) {
      for (int j = 0; j < key_count; j++) {
        if (tse_failed_streams_has_slow(block + (size_t)j * KEY_STRIDE) != member[j]) {
          fprintf(stderr, "thread %d, operation %d: key %d is %sin the set\n", self->index, i, j, member[j] ? "not " : "");
          failures++;
          break;
        }
      }
    }
  }
  /* Emptied: the set is freed (AddressSanitizer reports it otherwise). */
  for (int j = 0; j < key_count; j++) (void)tse_failed_streams_take(block + (size_t)j * KEY_STRIDE);
  free(member);
  free(block);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  const int threads = atoi(argv[1]);
  operations = atoi(argv[2]);
  key_count = atoi(argv[3]);
  seed = (unsigned)atoi(argv[4]);
  pthread_t ids[16];
  worker workers[16] = {0};
  if (threads < 1 || threads > 16) return 2;
  for (int t = 0; t < threads; t++) {
    workers[t].index = t;
    pthread_create(&ids[t], NULL, run, &workers[t]);
  }
  int largest = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(ids[t], NULL);
    if (workers[t].largest > largest) largest = workers[t].largest;
  }
  if (failures != 0) return 1;
  if (__atomic_load_n(&tse_failed_streams_alive, __ATOMIC_RELAXED) != 0) {
    fprintf(stderr, "every set is empty, but tse_failed_streams_alive is %u\n", tse_failed_streams_alive);
    return 1;
  }
  printf("ok %d %d\n", threads * operations, largest);
  return 0;
}
