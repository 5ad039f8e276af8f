/*
 * LD_PRELOAD library for test/native/stream-memory.test.ts: counts the heap allocations the shared
 * object named in MALLOC_COUNT_OBJECT makes itself (calls whose return address lies in it) and
 * prints "allocations <calls> <bytes> <held>" to stderr at exit: bytes asked for in all, and the
 * usable bytes of its blocks it had not freed itself. Everything else passes through to glibc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t count, size_t size);
extern void* __libc_realloc(void* pointer, size_t size);
extern void __libc_free(void* pointer);

static size_t calls, bytes;
static long long held;
static _Thread_local int inside;

static int counted(void* caller) {
  if (inside) return 0;
  inside = 1;
  Dl_info info;
  const char* object = getenv("MALLOC_COUNT_OBJECT");
  int yes = object != NULL && dladdr(caller, &info) && info.dli_fname != NULL && strstr(info.dli_fname, object) != NULL;
  inside = 0;
  return yes;
}

void* malloc(size_t size) {
  void* p = __libc_malloc(size);
  if (counted(__builtin_return_address(0))) calls++, bytes += size, held += p ? (long long)malloc_usable_size(p) : 0;
  return p;
}

void* calloc(size_t n, size_t size) {
  void* p = __libc_calloc(n, size);
  if (counted(__builtin_return_address(0))) calls++, bytes += n * size, held += p ? (long long)malloc_usable_size(p) : 0;
  return p;
}

void* realloc(void* pointer, size_t size) {
  int yes = counted(__builtin_return_address(0));
  if (yes && pointer) held -= (long long)malloc_usable_size(pointer);
  void* p = __libc_realloc(pointer, size);
  if (yes) calls++, bytes += size, held += p ? (long long)malloc_usable_size(p) : 0;
  return p;
}

void free(void* pointer) {
  if (pointer && counted(__builtin_return_address(0))) held -= (long long)malloc_usable_size(pointer);
  __libc_free(pointer);
}

__attribute__((destructor)) static void report(void) { fprintf(stderr, "allocations %zu %zu %lld\n", calls, bytes, held); }
