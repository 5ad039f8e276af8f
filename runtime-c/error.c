/* Errors, throw and the call-depth guard. */
#include <stdio.h>
#include <string.h>

#include "tse_internal.h"

TSE_NAMED_TYPE(tse_type_error, "Error", .kind = TSE_KIND_ERROR, .size = sizeof(tse_error));
TSE_NAMED_TYPE(tse_type_function, "function", .kind = TSE_KIND_FUNCTION, .size = sizeof(tse_closure));

/*
 * The kinds' names (TSE_ERROR to TSE_URI_ERROR), rows of one array of string literals: found by
 * index instead of through a table of pointers, each a relocation when the module loads.
 */
static const struct {
  const tse_type* type;
  uint32_t length;
  uint16_t wide;
  uint16_t checks;
  unsigned char data[sizeof "ReferenceError"];
} error_names[] = {
    [TSE_ERROR] = {&tse_type_string, 5, 0, TSE_STR_READ_ONLY, "Error"},
    [TSE_TYPE_ERROR] = {&tse_type_string, 9, 0, TSE_STR_READ_ONLY, "TypeError"},
    [TSE_RANGE_ERROR] = {&tse_type_string, 10, 0, TSE_STR_READ_ONLY, "RangeError"},
    [TSE_SYNTAX_ERROR] = {&tse_type_string, 11, 0, TSE_STR_READ_ONLY, "SyntaxError"},
    [TSE_REFERENCE_ERROR] = {&tse_type_string, 14, 0, TSE_STR_READ_ONLY, "ReferenceError"},
    [TSE_EVAL_ERROR] = {&tse_type_string, 9, 0, TSE_STR_READ_ONLY, "EvalError"},
    [TSE_URI_ERROR] = {&tse_type_string, 8, 0, TSE_STR_READ_ONLY, "URIError"},
};

static tse_str error_name(int32_t kind) {
  return TSE_STR(error_names[kind >= TSE_ERROR && kind <= TSE_URI_ERROR ? kind : TSE_ERROR]);
}

tse_error* tse_error_new(tse_ctx* ctx, int32_t kind, tse_str message) {
  tse_error* error = tse_new_object(ctx, sizeof(tse_error), &tse_type_error);
  error->kind = kind;
  error->name = error_name(kind);
  error->message = message;
  error->site = ctx->site;
  return error;
}

tse_str tse_error_to_string(tse_ctx* ctx, const tse_error* error) {
  if (error->message->length == 0) return error->name;
  if (error->name->length == 0) return error->message;
  TSE_STRING_LITERAL(separator, 2, ": ");
  return tse_str_concat(ctx, tse_str_concat(ctx, error->name, TSE_STR(separator)), error->message);
}

void tse_throw(tse_ctx* ctx, tse_error* error) {
  if (ctx->handler != NULL) {
    ctx->exception = error;
    tse_longjmp(ctx->handler->jump);
  }
  ctx->site = error->site; /* the failure is reported where the error was made */
  size_t name_length, message_length;
  const char* name = tse_str_to_utf8(ctx, error->name, &name_length);
  const char* message = tse_str_to_utf8(ctx, error->message, &message_length);
  tse_failf(ctx, "uncaught %.*s: %.*s", (int)name_length, name, (int)message_length, message);
}

void tse_throw_js_error(tse_ctx* ctx, const char* name, const char* message) {
  static const char* const names[] = {"Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"};
  int32_t kind = TSE_ERROR;
  for (int32_t i = 0; i < (int32_t)(sizeof names / sizeof names[0]); i++) {
    if (strcmp(names[i], name) == 0) kind = i;
  }
  tse_throw(ctx, tse_error_new(ctx, kind, tse_str_from_utf8(ctx, message, strlen(message))));
}

void tse_narrowing_failed(tse_ctx* ctx) {
  tse_throw_js_error(ctx, "TypeError", "a value narrowed by TypeScript no longer has its narrowed type (changed after the check)");
}

void tse_non_null_failed(tse_ctx* ctx, bool is_null) {
  tse_throw_js_error(ctx, "TypeError", is_null ? "value is null where the program asserted it is not (x!)"
                                                : "value is undefined where the program asserted it is not (x!)");
}

void tse_stack_overflow(tse_ctx* ctx, const tse_site* site) {
  if (site != NULL) ctx->site = site;
  /* The limit is a budget, far above the thread's real stack end: throwing below it is safe. */
  tse_throw_js_error(ctx, "RangeError", "Maximum call stack size exceeded");
}

