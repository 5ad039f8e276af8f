/*
 * Snapshots' API (compiler/api/filter-api.ts: defineSnapshot, getSnapshot, publishSnapshot): a snapshot is an entry
 * of the config's metric table, as a shared counter is, so every stream's ctx reaches it and the
 * config's destroy hook (http_filter.c) finds each one to destroy. Glue beside snapshot.c (which
 * the test harnesses link alone): it builds on envoy_api.c's table; linked on demand with it.
 */
#include <stdio.h>

#include "tse_internal.h"

double tse_snapshot_define(tse_ctx* ctx, const tse_type* type, const tse_literal_check* literals, const void* initial) {
  tse_metric_table* table = ctx->metrics;
  if (table == NULL || ctx->envoy_config == NULL) tse_throw_js_error(ctx, "TypeError", "snapshots are defined in the config stage only");
  /* Written as JSON and decoded as a publish would be, so the first version is made as every later one. */
  tse_str json = tse_json_stringify(ctx, &initial, type, tse_value_undefined());
  size_t length = 0;
  const char* text = json ? tse_str_to_utf8(ctx, json, &length) : "";
  tse_snapshot* snapshot = tse_alloc(ctx, sizeof *snapshot);
  char error[512];
  if (!tse_snapshot_init(snapshot, "snapshot", type, literals, text, length, error, sizeof error)) {
    char message[600];
    snprintf(message, sizeof message, "defineSnapshot: %s", error);
    tse_throw_js_error(ctx, "TypeError", message);
  }
  return tse_metric_table_add(ctx, table, (tse_metric){TSE_METRIC_SNAPSHOT, 0, 0, "snapshot", snapshot});
}

/* The snapshot behind `handle`, declared as `type` (NULL: any); `what` names the call in the TypeError otherwise. */
static tse_snapshot* snapshot_at(tse_ctx* ctx, const tse_type* type, double handle, const char* what) {
  /* Without async state (no stream or task to pin versions for) no handle names a snapshot: -1 names none. */
  tse_snapshot* snapshot = tse_metric_entry(ctx, what, TSE_METRIC_SNAPSHOT, ctx->async_state != NULL ? handle : -1)->shared_value;
  if (type != NULL && snapshot->type != type) {
    char message[600];
    snprintf(message, sizeof message, "%s: the snapshot is %s, not %s", what, tse_type_name(snapshot->type), tse_type_name(type));
    tse_throw_js_error(ctx, "TypeError", message);
  }
  return snapshot;
}

void* tse_snapshot_get(tse_ctx* ctx, const tse_type* type, double handle) {
  tse_snapshot* snapshot = snapshot_at(ctx, type, handle, "getSnapshot");
  /* Snapshot types are pointer-represented (lower/snapshots.ts checks T): the slot holds a pointer. */
  return *(void* const*)tse_snapshot_read(ctx, &ctx->async_state->snapshot_holds, snapshot);
}

/*
 * In a background task's run (its ctx has the task's async state). `type` is the value's own (an
 * object literal's layout may be another type of the same shape), for writing it as JSON; the text is
 * decoded as the snapshot's type into a version of its own, so a value of another shape is refused there.
 */
void tse_snapshot_publish(tse_ctx* ctx, const tse_type* type, double handle, const void* value) {
  tse_snapshot* snapshot = snapshot_at(ctx, NULL, handle, "publishSnapshot");
  tse_str json = tse_json_stringify(ctx, &value, type, tse_value_undefined());
  size_t length = 0;
  const char* text = json ? tse_str_to_utf8(ctx, json, &length) : "";
  char error[512];
  if (!tse_snapshot_publish_json(snapshot, text, length, error, sizeof error)) {
    char message[600];
    snprintf(message, sizeof message, "publishSnapshot: %s", error);
    tse_throw_js_error(ctx, "TypeError", message);
  }
}
