/* For C programs that run runtime-c outside Envoy (test/regex, test/bench): a context over a
 * large arena whose failures print and exit. */
#include <stdio.h>

#include "tse_internal.h"

TSE_NAMED_TYPE(tse_type_array_string, "string[]", .kind = TSE_KIND_ARRAY, .size = sizeof(tse_array*), .elem = &tse_type_string);

#define HARNESS_CONTEXT(ctx, arena)                                           \
  tse_arena arena;                                                            \
  tse_arena_init(&arena, (size_t)1 << 30, NULL, 0);                                    \
  tse_jmp_buf harness_fail;                                                       \
  tse_ctx harness_context = {0};                                              \
  tse_ctx* ctx = &harness_context;                                            \
  ctx->arena = &arena;                                                        \
  ctx->fail_target = &harness_fail;                                           \
  if (tse_setjmp(harness_fail)) {                                                 \
    printf("failed: %s\n", ctx->fail_message);                                \
    return 1;                                                                 \
  }
