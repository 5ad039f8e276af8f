/*
 * Drives runtime-c/snapshot.c from threads, linked with the runtime but for its Envoy glue
 * (test/runtime/snapshot.test.ts runs it under AddressSanitizer).
 *
 *   snapshot_harness READERS STREAMS PUBLISHES
 *
 * One publisher thread publishes versions 1..PUBLISHES of a string[] (version k: k % 5 + 1 copies
 * of "v<k>"), and every tenth time a value of the wrong type, which must be refused and leave the
 * current version in place. READERS threads each run STREAMS streams: a stream reads the snapshot
 * three times (the same slot each time: a stream sees one version), checks the version is whole
 * (its length matches its number, every element the same) and never older than one it saw
 * before, then ends (its holds given back); a reader goes on past STREAMS until the publisher is
 * done, so each one's last stream reads version PUBLISHES. Prints "ok <versions seen> <live versions at the end>"
 * and exits 0, or names the first problem and exits 1.
 *
 *   snapshot_harness --script string[]|number[]
 *
 * Reads lines from stdin, one step each, for test/runtime/snapshot-reference.test.ts to compare
 * with abi/ts/snapshot.ts: `init JSON` (a snapshot of that type), `publish JSON`, `read` (a new
 * stream's first read). Prints `ok`, `refused MESSAGE` (the current version stays) or `value JSON`.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness_ctx.h"
#include "tse_internal.h"

/* The type of the number snapshots these tests publish. */
static TSE_NAMED_TYPE(type_array_number, "number[]", .kind = TSE_KIND_ARRAY, .size = sizeof(tse_array*), .elem = &tse_type_number);
#define type_array_number (type_array_number_named.type)

static tse_snapshot snapshot;
static int streams_per_reader, publishes;
static atomic_int failures;
static atomic_long distinct_seen;
/* Set once the publisher is done: readers keep running streams until then, so however the
 * threads are scheduled the reads overlap the publishes and each reader's last stream sees the
 * last version (a loaded machine could otherwise run every stream before the publisher starts). */
static atomic_bool published_all;

static void problem(const char* what) {
  if (atomic_fetch_add(&failures, 1) == 0) fprintf(stderr, "snapshot_harness: %s\n", what);
}

/* The version number a whole value stands for, or -1 when it is torn. */
static long check_value(tse_ctx* ctx, const tse_array* array) {
  if (array == NULL || array->length == 0) return -1;
  size_t length;
  const char* first = tse_str_to_utf8(ctx, ((tse_str*)array->data)[0], &length);
  if (length < 2 || first[0] != 'v') return -1;
  long k = strtol(first + 1, NULL, 10);
  if (array->length != (uint32_t)(k % 5 + 1)) return -1;
  for (uint32_t i = 1; i < array->length; i++) {
    size_t other_length;
    const char* other = tse_str_to_utf8(ctx, ((tse_str*)array->data)[i], &other_length);
    if (other_length != length || memcmp(other, first, length) != 0) return -1;
  }
  return k;
}

/* One stream: reads, checks, ends. `newest`: the newest version this reader has seen. */
static void run_stream(long* newest) {
  tse_arena arena;
  tse_jmp_buf fail_target;
  tse_ctx ctx;
  harness_ctx_init(&ctx, &arena, &fail_target);
  tse_snapshot_hold* holds = NULL;
  if (tse_setjmp(fail_target) == 0) {
    const void* slot = tse_snapshot_read(&ctx, &holds, &snapshot);
    long k = check_value(&ctx, *(tse_array* const*)slot);
    if (k < 0) problem("a stream read a torn value");
    if (k < *newest) problem("a stream read a version older than one read before");
    if (k > *newest) atomic_fetch_add(&distinct_seen, 1), *newest = k;
    sched_yield();
    if (tse_snapshot_read(&ctx, &holds, &snapshot) != slot) problem("a second read in one stream gave another version");
    sched_yield();
    if (tse_snapshot_read(&ctx, &holds, &snapshot) != slot) problem("a third read in one stream gave another version");
    if (check_value(&ctx, *(tse_array* const*)slot) != k) problem("a stream's value changed under it");
  } else {
    problem(ctx.fail_message ? ctx.fail_message : "a stream failed");
  }
  tse_snapshot_holds_release(&holds);
  if (holds != NULL) problem("holds remain after release");
  tse_ctx_release(&ctx);
  tse_arena_free(&arena);
}

static void* reader(void* unused) {
  (void)unused;
  long newest = 0;
  for (int s = 1;; s++) {
    bool publisher_done = atomic_load(&published_all);
    run_stream(&newest);
    if (s >= streams_per_reader && publisher_done) break;
  }
  return NULL;
}

static void* publisher(void* unused) {
  (void)unused;
  char json[512], error[256];
  for (int k = 1; k <= publishes; k++) {
    if (k % 10 == 0) {
      error[0] = '\0';
      if (tse_snapshot_publish_json(&snapshot, "{\"not\":\"an array\"}", 18, error, sizeof error)) problem("a value of the wrong type was published");
      if (error[0] == '\0') problem("a refused value gave no reason");
    }
    int n = snprintf(json, sizeof json, "[");
    for (int i = 0; i < k % 5 + 1; i++) n += snprintf(json + n, sizeof json - (size_t)n, "%s\"v%d\"", i ? "," : "", k);
    n += snprintf(json + n, sizeof json - (size_t)n, "]");
    if (!tse_snapshot_publish_json(&snapshot, json, (size_t)n, error, sizeof error)) problem(error);
    sched_yield();
  }
  atomic_store(&published_all, true);
  return NULL;
}

/* --script: one line per step (see the top of this file). */
static int run_script(const tse_type* type) {
  static char line[1 << 16];
  char error[512];
  bool live = false;
  while (fgets(line, sizeof line, stdin) != NULL) {
    size_t length = strcspn(line, "\n");
    line[length] = '\0';
    if (strncmp(line, "init ", 5) == 0 || strncmp(line, "publish ", 8) == 0) {
      bool init = line[0] == 'i';
      const char* json = line + (init ? 5 : 8);
      bool done = init ? tse_snapshot_init(&snapshot, "snapshot", type, NULL, json, strlen(json), error, sizeof error)
                       : live && tse_snapshot_publish_json(&snapshot, json, strlen(json), error, sizeof error);
      if (init) live = done;
      if (done) printf("ok\n");
      else printf("refused %s\n", error);
    } else if (strcmp(line, "read") == 0 && live) {
      static char json[1 << 16];
      harness_read_json(&snapshot, type, json, sizeof json);
      printf("value %s\n", json);
    } else {
      printf("bad step %s\n", line);
    }
  }
  if (live) tse_snapshot_destroy(&snapshot);
  return tse_snapshot_live_versions() == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc == 3 && strcmp(argv[1], "--script") == 0) return run_script(strcmp(argv[2], "number[]") == 0 ? &type_array_number : &tse_type_array_string);
  if (argc != 4) {
    fprintf(stderr, "usage: snapshot_harness READERS STREAMS PUBLISHES\n");
    return 2;
  }
  int readers = atoi(argv[1]);
  streams_per_reader = atoi(argv[2]);
  publishes = atoi(argv[3]);
  char error[256];
  if (!tse_snapshot_init(&snapshot, "snapshot", &tse_type_array_string, NULL, "[\"v0\"]", 6, error, sizeof error)) {
    fprintf(stderr, "snapshot_harness: init: %s\n", error);
    return 1;
  }
  if (tse_snapshot_init(&(tse_snapshot){0}, "snapshot", &tse_type_array_string, NULL, "[1]", 3, error, sizeof error)) problem("a first value of the wrong type was accepted");
  pthread_t threads[65];
  if (readers < 1 || readers > 64) return 2;
  for (int i = 0; i < readers; i++) pthread_create(&threads[i], NULL, reader, NULL);
  pthread_create(&threads[readers], NULL, publisher, NULL);
  for (int i = 0; i <= readers; i++) pthread_join(threads[i], NULL);
  long live_before = tse_snapshot_live_versions();
  if (live_before != 1) problem("versions no stream holds were not freed");
  tse_snapshot_destroy(&snapshot);
  long live = tse_snapshot_live_versions();
  if (live != 0) problem("the snapshot's last version outlived it");
  if (atomic_load(&failures) != 0) return 1;
  printf("ok %ld %ld\n", atomic_load(&distinct_seen), live);
  return 0;
}
