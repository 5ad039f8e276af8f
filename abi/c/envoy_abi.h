/*
 * tsc2envoy's declarations of the Envoy dynamic-module ABI, Envoy v1.38 to v1.40.
 *
 * Written for tsc2envoy from the interface described by Envoy's
 * source/extensions/dynamic_modules/abi/abi.h: names, signatures and enum values are facts of
 * that interface. This file declares the HTTP-filter surface the runtime uses (every
 * envoy_dynamic_module_on_http_filter_* hook, the callbacks our runtime calls) and nothing else.
 * test/abi checks it against the real binaries: a built module imports only callbacks its Envoy
 * exports, and exports the hooks Envoy resolves (abi/c/envoy-v1.NN/hooks.json).
 *
 * TSE_ENVOY_MINOR (38, 39 or 40; default 40) picks the Envoy release. What differs among them
 * for this surface: the ABI marker (v0.1.0 before 1.40) and logging (log_v2, which takes the
 * source location, is new in 1.40; before it, envoy_dynamic_module_callback_log takes the message
 * only). The e2e matrix (test/e2e/envoy-versions.test.ts) runs modules built for each release in it.
 *
 * Sections guarded by macros so a check can include parts of it beside another header:
 *   TSE_ABI_SKIP_TYPES      omit type definitions (prototypes then use the other header's types)
 *   TSE_ABI_SKIP_FUNCTIONS  omit function prototypes
 */
#ifndef TSE_ENVOY_ABI_H
#define TSE_ENVOY_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef TSE_ENVOY_MINOR
#define TSE_ENVOY_MINOR 40
#endif
#if TSE_ENVOY_MINOR < 38 || TSE_ENVOY_MINOR > 40
#error "TSE_ENVOY_MINOR: tsc2envoy targets Envoy 1.38, 1.39 and 1.40"
#endif
#if TSE_ENVOY_MINOR >= 40
#define TSE_ENVOY_ABI_VERSION "v0.2.0"
#else
#define TSE_ENVOY_ABI_VERSION "v0.1.0"
#endif

#ifndef TSE_ABI_SKIP_TYPES

/* ---------------------------------------------------------------- buffers and pointers */

typedef const char* envoy_dynamic_module_type_abi_version_module_ptr;
typedef const char* envoy_dynamic_module_type_buffer_module_ptr;
typedef const char* envoy_dynamic_module_type_buffer_envoy_ptr;

/* Bytes owned by Envoy, valid until the current hook returns. */
typedef struct envoy_dynamic_module_type_envoy_buffer {
  envoy_dynamic_module_type_buffer_envoy_ptr ptr;
  size_t length;
} envoy_dynamic_module_type_envoy_buffer;

/* Bytes owned by the module, read by Envoy only during the call. */
typedef struct envoy_dynamic_module_type_module_buffer {
  envoy_dynamic_module_type_buffer_module_ptr ptr;
  size_t length;
} envoy_dynamic_module_type_module_buffer;

typedef struct envoy_dynamic_module_type_module_http_header {
  envoy_dynamic_module_type_buffer_module_ptr key_ptr;
  size_t key_length;
  envoy_dynamic_module_type_buffer_module_ptr value_ptr;
  size_t value_length;
} envoy_dynamic_module_type_module_http_header;

typedef struct envoy_dynamic_module_type_envoy_http_header {
  envoy_dynamic_module_type_buffer_envoy_ptr key_ptr;
  size_t key_length;
  envoy_dynamic_module_type_buffer_envoy_ptr value_ptr;
  size_t value_length;
} envoy_dynamic_module_type_envoy_http_header;

typedef void* envoy_dynamic_module_type_http_filter_config_envoy_ptr;
typedef const void* envoy_dynamic_module_type_http_filter_config_module_ptr;
typedef const void* envoy_dynamic_module_type_http_filter_per_route_config_module_ptr;
typedef void* envoy_dynamic_module_type_http_filter_envoy_ptr;
typedef const void* envoy_dynamic_module_type_http_filter_module_ptr;
typedef void* envoy_dynamic_module_type_http_filter_scheduler_module_ptr;
typedef void* envoy_dynamic_module_type_http_filter_config_scheduler_module_ptr;

/* ---------------------------------------------------------------- enums */

typedef enum envoy_dynamic_module_type_http_header_type {
  envoy_dynamic_module_type_http_header_type_RequestHeader = 0,
  envoy_dynamic_module_type_http_header_type_RequestTrailer = 1,
  envoy_dynamic_module_type_http_header_type_ResponseHeader = 2,
  envoy_dynamic_module_type_http_header_type_ResponseTrailer = 3,
} envoy_dynamic_module_type_http_header_type;

typedef enum envoy_dynamic_module_type_log_level {
  envoy_dynamic_module_type_log_level_Trace = 0,
  envoy_dynamic_module_type_log_level_Debug = 1,
  envoy_dynamic_module_type_log_level_Info = 2,
  envoy_dynamic_module_type_log_level_Warn = 3,
  envoy_dynamic_module_type_log_level_Error = 4,
  envoy_dynamic_module_type_log_level_Critical = 5,
  envoy_dynamic_module_type_log_level_Off = 6,
} envoy_dynamic_module_type_log_level;

typedef enum envoy_dynamic_module_type_http_callout_result {
  envoy_dynamic_module_type_http_callout_result_Success = 0,
  envoy_dynamic_module_type_http_callout_result_Reset = 1,
  envoy_dynamic_module_type_http_callout_result_ExceedResponseBufferLimit = 2,
} envoy_dynamic_module_type_http_callout_result;

typedef enum envoy_dynamic_module_type_http_stream_reset_reason {
  envoy_dynamic_module_type_http_stream_reset_reason_ConnectionFailure = 0,
  envoy_dynamic_module_type_http_stream_reset_reason_ConnectionTermination = 1,
  envoy_dynamic_module_type_http_stream_reset_reason_LocalReset = 2,
  envoy_dynamic_module_type_http_stream_reset_reason_LocalRefusedStreamReset = 3,
  envoy_dynamic_module_type_http_stream_reset_reason_Overflow = 4,
  envoy_dynamic_module_type_http_stream_reset_reason_RemoteReset = 5,
  envoy_dynamic_module_type_http_stream_reset_reason_RemoteRefusedStreamReset = 6,
  envoy_dynamic_module_type_http_stream_reset_reason_ProtocolError = 7,
} envoy_dynamic_module_type_http_stream_reset_reason;

typedef enum envoy_dynamic_module_type_metrics_result {
  envoy_dynamic_module_type_metrics_result_Success = 0,
  envoy_dynamic_module_type_metrics_result_MetricNotFound = 1,
  envoy_dynamic_module_type_metrics_result_InvalidLabels = 2,
  envoy_dynamic_module_type_metrics_result_Frozen = 3,
} envoy_dynamic_module_type_metrics_result;

typedef enum envoy_dynamic_module_type_attribute_id {
  envoy_dynamic_module_type_attribute_id_RequestPath = 0,
  envoy_dynamic_module_type_attribute_id_RequestUrlPath = 1,
  envoy_dynamic_module_type_attribute_id_RequestHost = 2,
  envoy_dynamic_module_type_attribute_id_RequestScheme = 3,
  envoy_dynamic_module_type_attribute_id_RequestMethod = 4,
  envoy_dynamic_module_type_attribute_id_RequestHeaders = 5,
  envoy_dynamic_module_type_attribute_id_RequestReferer = 6,
  envoy_dynamic_module_type_attribute_id_RequestUserAgent = 7,
  envoy_dynamic_module_type_attribute_id_RequestTime = 8,
  envoy_dynamic_module_type_attribute_id_RequestId = 9,
  envoy_dynamic_module_type_attribute_id_RequestProtocol = 10,
  envoy_dynamic_module_type_attribute_id_RequestQuery = 11,
  envoy_dynamic_module_type_attribute_id_RequestDuration = 12,
  envoy_dynamic_module_type_attribute_id_RequestSize = 13,
  envoy_dynamic_module_type_attribute_id_RequestTotalSize = 14,
  envoy_dynamic_module_type_attribute_id_ResponseCode = 15,
  envoy_dynamic_module_type_attribute_id_ResponseCodeDetails = 16,
  envoy_dynamic_module_type_attribute_id_ResponseFlags = 17,
  envoy_dynamic_module_type_attribute_id_ResponseGrpcStatus = 18,
  envoy_dynamic_module_type_attribute_id_ResponseHeaders = 19,
  envoy_dynamic_module_type_attribute_id_ResponseTrailers = 20,
  envoy_dynamic_module_type_attribute_id_ResponseSize = 21,
  envoy_dynamic_module_type_attribute_id_ResponseTotalSize = 22,
  envoy_dynamic_module_type_attribute_id_ResponseBackendLatency = 23,
  envoy_dynamic_module_type_attribute_id_SourceAddress = 24,
  envoy_dynamic_module_type_attribute_id_SourcePort = 25,
  envoy_dynamic_module_type_attribute_id_DestinationAddress = 26,
  envoy_dynamic_module_type_attribute_id_DestinationPort = 27,
  envoy_dynamic_module_type_attribute_id_ConnectionId = 28,
  envoy_dynamic_module_type_attribute_id_ConnectionMtls = 29,
  envoy_dynamic_module_type_attribute_id_ConnectionRequestedServerName = 30,
  envoy_dynamic_module_type_attribute_id_ConnectionTlsVersion = 31,
  envoy_dynamic_module_type_attribute_id_ConnectionSubjectLocalCertificate = 32,
  envoy_dynamic_module_type_attribute_id_ConnectionSubjectPeerCertificate = 33,
  envoy_dynamic_module_type_attribute_id_ConnectionDnsSanLocalCertificate = 34,
  envoy_dynamic_module_type_attribute_id_ConnectionDnsSanPeerCertificate = 35,
  envoy_dynamic_module_type_attribute_id_ConnectionUriSanLocalCertificate = 36,
  envoy_dynamic_module_type_attribute_id_ConnectionUriSanPeerCertificate = 37,
  envoy_dynamic_module_type_attribute_id_ConnectionSha256PeerCertificateDigest = 38,
  envoy_dynamic_module_type_attribute_id_ConnectionTransportFailureReason = 39,
  envoy_dynamic_module_type_attribute_id_ConnectionTerminationDetails = 40,
  envoy_dynamic_module_type_attribute_id_UpstreamAddress = 41,
  envoy_dynamic_module_type_attribute_id_UpstreamPort = 42,
  envoy_dynamic_module_type_attribute_id_UpstreamTlsVersion = 43,
  envoy_dynamic_module_type_attribute_id_UpstreamSubjectLocalCertificate = 44,
  envoy_dynamic_module_type_attribute_id_UpstreamSubjectPeerCertificate = 45,
  envoy_dynamic_module_type_attribute_id_UpstreamDnsSanLocalCertificate = 46,
  envoy_dynamic_module_type_attribute_id_UpstreamDnsSanPeerCertificate = 47,
  envoy_dynamic_module_type_attribute_id_UpstreamUriSanLocalCertificate = 48,
  envoy_dynamic_module_type_attribute_id_UpstreamUriSanPeerCertificate = 49,
  envoy_dynamic_module_type_attribute_id_UpstreamSha256PeerCertificateDigest = 50,
  envoy_dynamic_module_type_attribute_id_UpstreamLocalAddress = 51,
  envoy_dynamic_module_type_attribute_id_UpstreamTransportFailureReason = 52,
  envoy_dynamic_module_type_attribute_id_UpstreamRequestAttemptCount = 53,
  envoy_dynamic_module_type_attribute_id_UpstreamCxPoolReadyDuration = 54,
  envoy_dynamic_module_type_attribute_id_UpstreamLocality = 55,
  envoy_dynamic_module_type_attribute_id_XdsNode = 56,
  envoy_dynamic_module_type_attribute_id_XdsClusterName = 57,
  envoy_dynamic_module_type_attribute_id_XdsClusterMetadata = 58,
  envoy_dynamic_module_type_attribute_id_XdsListenerDirection = 59,
  envoy_dynamic_module_type_attribute_id_XdsListenerMetadata = 60,
  envoy_dynamic_module_type_attribute_id_XdsRouteName = 61,
  envoy_dynamic_module_type_attribute_id_XdsRouteMetadata = 62,
  envoy_dynamic_module_type_attribute_id_XdsVirtualHostName = 63,
  envoy_dynamic_module_type_attribute_id_XdsVirtualHostMetadata = 64,
  envoy_dynamic_module_type_attribute_id_XdsUpstreamHostMetadata = 65,
  envoy_dynamic_module_type_attribute_id_XdsFilterChainName = 66,
  envoy_dynamic_module_type_attribute_id_HealthCheck = 67,
  envoy_dynamic_module_type_attribute_id_UpstreamRequestedServerName = 68,
  envoy_dynamic_module_type_attribute_id_XdsVirtualClusterName = 69,
  envoy_dynamic_module_type_attribute_id_UpstreamProtocol = 70,
} envoy_dynamic_module_type_attribute_id;

typedef enum envoy_dynamic_module_type_http_body_type {
  envoy_dynamic_module_type_http_body_type_ReceivedRequestBody = 0,
  envoy_dynamic_module_type_http_body_type_BufferedRequestBody = 1,
  envoy_dynamic_module_type_http_body_type_ReceivedResponseBody = 2,
  envoy_dynamic_module_type_http_body_type_BufferedResponseBody = 3,
} envoy_dynamic_module_type_http_body_type;

typedef enum envoy_dynamic_module_type_on_http_filter_request_headers_status {
  envoy_dynamic_module_type_on_http_filter_request_headers_status_Continue = 0,
  envoy_dynamic_module_type_on_http_filter_request_headers_status_StopIteration = 1,
  envoy_dynamic_module_type_on_http_filter_request_headers_status_ContinueAndDontEndStream = 2,
  envoy_dynamic_module_type_on_http_filter_request_headers_status_StopAllIterationAndBuffer = 3,
  envoy_dynamic_module_type_on_http_filter_request_headers_status_StopAllIterationAndWatermark = 4,
} envoy_dynamic_module_type_on_http_filter_request_headers_status;

typedef enum envoy_dynamic_module_type_on_http_filter_request_body_status {
  envoy_dynamic_module_type_on_http_filter_request_body_status_Continue = 0,
  envoy_dynamic_module_type_on_http_filter_request_body_status_StopIterationAndBuffer = 1,
  envoy_dynamic_module_type_on_http_filter_request_body_status_StopIterationAndWatermark = 2,
  envoy_dynamic_module_type_on_http_filter_request_body_status_StopIterationNoBuffer = 3,
} envoy_dynamic_module_type_on_http_filter_request_body_status;

typedef enum envoy_dynamic_module_type_on_http_filter_request_trailers_status {
  envoy_dynamic_module_type_on_http_filter_request_trailers_status_Continue = 0,
  envoy_dynamic_module_type_on_http_filter_request_trailers_status_StopIteration = 1,
} envoy_dynamic_module_type_on_http_filter_request_trailers_status;

typedef enum envoy_dynamic_module_type_on_http_filter_response_headers_status {
  envoy_dynamic_module_type_on_http_filter_response_headers_status_Continue = 0,
  envoy_dynamic_module_type_on_http_filter_response_headers_status_StopIteration = 1,
  envoy_dynamic_module_type_on_http_filter_response_headers_status_ContinueAndDontEndStream = 2,
  envoy_dynamic_module_type_on_http_filter_response_headers_status_StopAllIterationAndBuffer = 3,
  envoy_dynamic_module_type_on_http_filter_response_headers_status_StopAllIterationAndWatermark = 4,
} envoy_dynamic_module_type_on_http_filter_response_headers_status;

typedef enum envoy_dynamic_module_type_on_http_filter_response_body_status {
  envoy_dynamic_module_type_on_http_filter_response_body_status_Continue = 0,
  envoy_dynamic_module_type_on_http_filter_response_body_status_StopIterationAndBuffer = 1,
  envoy_dynamic_module_type_on_http_filter_response_body_status_StopIterationAndWatermark = 2,
  envoy_dynamic_module_type_on_http_filter_response_body_status_StopIterationNoBuffer = 3,
} envoy_dynamic_module_type_on_http_filter_response_body_status;

typedef enum envoy_dynamic_module_type_on_http_filter_response_trailers_status {
  envoy_dynamic_module_type_on_http_filter_response_trailers_status_Continue = 0,
  envoy_dynamic_module_type_on_http_filter_response_trailers_status_StopIteration = 1,
} envoy_dynamic_module_type_on_http_filter_response_trailers_status;

typedef enum envoy_dynamic_module_type_on_http_filter_local_reply_status {
  envoy_dynamic_module_type_on_http_filter_local_reply_status_Continue = 0,
  envoy_dynamic_module_type_on_http_filter_local_reply_status_ContinueAndResetStream = 1,
} envoy_dynamic_module_type_on_http_filter_local_reply_status;

typedef enum envoy_dynamic_module_type_http_filter_stream_reset_reason {
  envoy_dynamic_module_type_http_filter_stream_reset_reason_LocalReset = 0,
  envoy_dynamic_module_type_http_filter_stream_reset_reason_LocalRefusedStreamReset = 1,
} envoy_dynamic_module_type_http_filter_stream_reset_reason;

#endif /* TSE_ABI_SKIP_TYPES */

#ifndef TSE_ABI_SKIP_FUNCTIONS

#ifdef __cplusplus
extern "C" {
#endif

/* ================================================================ hooks (module exports) */

envoy_dynamic_module_type_abi_version_module_ptr envoy_dynamic_module_on_program_init(void);

envoy_dynamic_module_type_http_filter_config_module_ptr envoy_dynamic_module_on_http_filter_config_new(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer name, envoy_dynamic_module_type_envoy_buffer config);
void envoy_dynamic_module_on_http_filter_config_destroy(
    envoy_dynamic_module_type_http_filter_config_module_ptr filter_config_ptr);

envoy_dynamic_module_type_http_filter_per_route_config_module_ptr
envoy_dynamic_module_on_http_filter_per_route_config_new(envoy_dynamic_module_type_envoy_buffer name,
                                                         envoy_dynamic_module_type_envoy_buffer config);
void envoy_dynamic_module_on_http_filter_per_route_config_destroy(
    envoy_dynamic_module_type_http_filter_per_route_config_module_ptr filter_config_ptr);

envoy_dynamic_module_type_http_filter_module_ptr envoy_dynamic_module_on_http_filter_new(
    envoy_dynamic_module_type_http_filter_config_module_ptr filter_config_ptr,
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);

envoy_dynamic_module_type_on_http_filter_request_headers_status
envoy_dynamic_module_on_http_filter_request_headers(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, bool end_of_stream);
envoy_dynamic_module_type_on_http_filter_request_body_status envoy_dynamic_module_on_http_filter_request_body(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, bool end_of_stream);
envoy_dynamic_module_type_on_http_filter_request_trailers_status
envoy_dynamic_module_on_http_filter_request_trailers(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr);
envoy_dynamic_module_type_on_http_filter_response_headers_status
envoy_dynamic_module_on_http_filter_response_headers(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, bool end_of_stream);
envoy_dynamic_module_type_on_http_filter_response_body_status
envoy_dynamic_module_on_http_filter_response_body(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, bool end_of_stream);
envoy_dynamic_module_type_on_http_filter_response_trailers_status
envoy_dynamic_module_on_http_filter_response_trailers(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr);
void envoy_dynamic_module_on_http_filter_stream_complete(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr);
void envoy_dynamic_module_on_http_filter_destroy(envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr);

void envoy_dynamic_module_on_http_filter_http_callout_done(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t callout_id,
    envoy_dynamic_module_type_http_callout_result result, envoy_dynamic_module_type_envoy_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_envoy_buffer* body_chunks, size_t body_chunks_size);
void envoy_dynamic_module_on_http_filter_http_stream_headers(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id,
    envoy_dynamic_module_type_envoy_http_header* headers, size_t headers_size, bool end_stream);
void envoy_dynamic_module_on_http_filter_http_stream_data(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id,
    const envoy_dynamic_module_type_envoy_buffer* data, size_t data_count, bool end_stream);
void envoy_dynamic_module_on_http_filter_http_stream_trailers(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id,
    envoy_dynamic_module_type_envoy_http_header* trailers, size_t trailers_size);
void envoy_dynamic_module_on_http_filter_http_stream_complete(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id);
void envoy_dynamic_module_on_http_filter_http_stream_reset(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint64_t stream_id,
    envoy_dynamic_module_type_http_stream_reset_reason reason);
void envoy_dynamic_module_on_http_filter_scheduled(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                   envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr,
                                                   uint64_t event_id);
void envoy_dynamic_module_on_http_filter_downstream_above_write_buffer_high_watermark(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr);
void envoy_dynamic_module_on_http_filter_downstream_below_write_buffer_low_watermark(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr);
envoy_dynamic_module_type_on_http_filter_local_reply_status envoy_dynamic_module_on_http_filter_local_reply(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_module_ptr filter_module_ptr, uint32_t response_code,
    envoy_dynamic_module_type_envoy_buffer details, bool reset_imminent);

/* ================================================================ callbacks (Envoy exports) */

/* logging */
#if TSE_ENVOY_MINOR >= 40
void envoy_dynamic_module_callback_log_v2(envoy_dynamic_module_type_log_level level,
                                          envoy_dynamic_module_type_module_buffer message,
                                          envoy_dynamic_module_type_module_buffer source_file,
                                          uint32_t source_line);
#else
void envoy_dynamic_module_callback_log(envoy_dynamic_module_type_log_level level,
                                       envoy_dynamic_module_type_module_buffer message);
#endif
bool envoy_dynamic_module_callback_log_enabled(envoy_dynamic_module_type_log_level level);

/* metrics */
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_counter(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_module_buffer name, envoy_dynamic_module_type_module_buffer* label_names,
    size_t label_names_length, size_t* counter_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_increment_counter(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, size_t id,
    envoy_dynamic_module_type_module_buffer* label_values, size_t label_values_length, uint64_t value);
/* gauges, histograms and the worker index: exported by 1.38, 1.39 and 1.40 alike */
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_gauge(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_module_buffer name, envoy_dynamic_module_type_module_buffer* label_names,
    size_t label_names_length, size_t* gauge_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_config_define_histogram(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_module_buffer name, envoy_dynamic_module_type_module_buffer* label_names,
    size_t label_names_length, size_t* histogram_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_increment_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, size_t id,
    envoy_dynamic_module_type_module_buffer* label_values, size_t label_values_length, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_decrement_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, size_t id,
    envoy_dynamic_module_type_module_buffer* label_values, size_t label_values_length, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_set_gauge(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, size_t id,
    envoy_dynamic_module_type_module_buffer* label_values, size_t label_values_length, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_http_filter_record_histogram_value(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, size_t id,
    envoy_dynamic_module_type_module_buffer* label_values, size_t label_values_length, uint64_t value);
uint32_t envoy_dynamic_module_callback_http_filter_get_worker_index(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);

/* headers and trailers */
bool envoy_dynamic_module_callback_http_get_header(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                   envoy_dynamic_module_type_http_header_type header_type,
                                                   envoy_dynamic_module_type_module_buffer key,
                                                   envoy_dynamic_module_type_envoy_buffer* result_buffer,
                                                   size_t index, size_t* optional_size);
size_t envoy_dynamic_module_callback_http_get_headers_size(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_header_type header_type);
bool envoy_dynamic_module_callback_http_get_headers(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                    envoy_dynamic_module_type_http_header_type header_type,
                                                    envoy_dynamic_module_type_envoy_http_header* result_headers);
bool envoy_dynamic_module_callback_http_add_header(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                   envoy_dynamic_module_type_http_header_type header_type,
                                                   envoy_dynamic_module_type_module_buffer key,
                                                   envoy_dynamic_module_type_module_buffer value);
bool envoy_dynamic_module_callback_http_set_header(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                   envoy_dynamic_module_type_http_header_type header_type,
                                                   envoy_dynamic_module_type_module_buffer key,
                                                   envoy_dynamic_module_type_module_buffer value);

/* local replies and stream control */
void envoy_dynamic_module_callback_http_send_response(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                      uint32_t status_code,
                                                      envoy_dynamic_module_type_module_http_header* headers_vector,
                                                      size_t headers_vector_size,
                                                      envoy_dynamic_module_type_module_buffer body,
                                                      envoy_dynamic_module_type_module_buffer details);
/* A local reply in parts (1.38, 1.39 and 1.40 all have these). */
void envoy_dynamic_module_callback_http_send_response_headers(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                              envoy_dynamic_module_type_module_http_header* headers_vector,
                                                              size_t headers_vector_size, bool end_stream);
void envoy_dynamic_module_callback_http_send_response_data(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                           envoy_dynamic_module_type_module_buffer data, bool end_stream);
void envoy_dynamic_module_callback_http_send_response_trailers(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                               envoy_dynamic_module_type_module_http_header* trailers_vector,
                                                               size_t trailers_vector_size);
void envoy_dynamic_module_callback_http_filter_reset_stream(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_filter_stream_reset_reason reason,
    envoy_dynamic_module_type_module_buffer details);
void envoy_dynamic_module_callback_http_filter_continue_decoding(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);
void envoy_dynamic_module_callback_http_filter_continue_encoding(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);

/* attributes */
bool envoy_dynamic_module_callback_http_filter_get_attribute_string(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_attribute_id attribute_id, envoy_dynamic_module_type_envoy_buffer* result);
bool envoy_dynamic_module_callback_http_filter_get_attribute_int(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_attribute_id attribute_id, uint64_t* result);

/* body */
size_t envoy_dynamic_module_callback_http_get_body_chunks_size(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_http_body_type body_type);
bool envoy_dynamic_module_callback_http_get_body_chunks(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                        envoy_dynamic_module_type_http_body_type body_type,
                                                        envoy_dynamic_module_type_envoy_buffer* result_buffer_vector);
size_t envoy_dynamic_module_callback_http_get_body_size(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                        envoy_dynamic_module_type_http_body_type body_type);
bool envoy_dynamic_module_callback_http_append_body(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                    envoy_dynamic_module_type_http_body_type body_type,
                                                    envoy_dynamic_module_type_module_buffer data);
bool envoy_dynamic_module_callback_http_drain_body(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                   envoy_dynamic_module_type_http_body_type body_type,
                                                   size_t number_of_bytes);

/* Routing, bool attributes and timing (issue 9). */
void envoy_dynamic_module_callback_http_clear_route_cache(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);
void envoy_dynamic_module_callback_http_clear_route_cluster_cache(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_http_filter_get_attribute_bool(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                                  envoy_dynamic_module_type_attribute_id attribute_id, bool* result);
#if TSE_ENVOY_MINOR >= 40
/* Stream timing: new in 1.40 (1.38 and 1.39 export it for access loggers only). */
typedef struct envoy_dynamic_module_type_timing_info_v2 {
  int64_t start_time_unix_ns;
  int64_t downstream_connection_begin_ns;
  int64_t downstream_handshake_start_ns;
  int64_t downstream_handshake_complete_ns;
  int64_t last_downstream_header_rx_byte_received_ns;
  int64_t last_downstream_rx_byte_received_ns;
  int64_t upstream_connect_start_ns;
  int64_t upstream_connect_complete_ns;
  int64_t upstream_handshake_complete_ns;
  int64_t first_upstream_tx_byte_sent_ns;
  int64_t last_upstream_tx_byte_sent_ns;
  int64_t first_upstream_rx_byte_received_ns;
  int64_t first_upstream_rx_body_byte_received_ns;
  int64_t last_upstream_rx_byte_received_ns;
  int64_t first_downstream_tx_byte_sent_ns;
  int64_t last_downstream_tx_byte_sent_ns;
  int64_t last_downstream_ack_received_ns;
  int64_t request_complete_duration_ns;
  int64_t downstream_connection_end_ns;
  bool has_start_time;
  bool has_downstream_connection_begin;
  bool has_downstream_handshake_start;
  bool has_downstream_handshake_complete;
  bool has_last_downstream_header_rx_byte_received;
  bool has_last_downstream_rx_byte_received;
  bool has_upstream_connect_start;
  bool has_upstream_connect_complete;
  bool has_upstream_handshake_complete;
  bool has_first_upstream_tx_byte_sent;
  bool has_last_upstream_tx_byte_sent;
  bool has_first_upstream_rx_byte_received;
  bool has_first_upstream_rx_body_byte_received;
  bool has_last_upstream_rx_byte_received;
  bool has_first_downstream_tx_byte_sent;
  bool has_last_downstream_tx_byte_sent;
  bool has_last_downstream_ack_received;
  bool has_request_complete;
  bool has_downstream_connection_end;
} envoy_dynamic_module_type_timing_info_v2;
void envoy_dynamic_module_callback_http_get_timing_info(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                        envoy_dynamic_module_type_timing_info_v2* timing_out);
#endif

/* Dynamic metadata, filter state, buffer limit (issue 9): 1.38, 1.39 and 1.40 alike, but has_filter_state (1.40). */
#ifndef TSE_ABI_SKIP_TYPES
typedef enum envoy_dynamic_module_type_metadata_source {
  envoy_dynamic_module_type_metadata_source_Dynamic,
  envoy_dynamic_module_type_metadata_source_Route,
  envoy_dynamic_module_type_metadata_source_Cluster,
  envoy_dynamic_module_type_metadata_source_Host,
  envoy_dynamic_module_type_metadata_source_HostLocality,
} envoy_dynamic_module_type_metadata_source;
#endif
void envoy_dynamic_module_callback_http_set_dynamic_metadata_number(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                                    envoy_dynamic_module_type_module_buffer ns,
                                                                    envoy_dynamic_module_type_module_buffer key, double value);
bool envoy_dynamic_module_callback_http_get_metadata_number(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                            envoy_dynamic_module_type_metadata_source metadata_source,
                                                            envoy_dynamic_module_type_module_buffer ns,
                                                            envoy_dynamic_module_type_module_buffer key, double* result);
void envoy_dynamic_module_callback_http_set_dynamic_metadata_string(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                                    envoy_dynamic_module_type_module_buffer ns,
                                                                    envoy_dynamic_module_type_module_buffer key,
                                                                    envoy_dynamic_module_type_module_buffer value);
bool envoy_dynamic_module_callback_http_get_metadata_string(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                            envoy_dynamic_module_type_metadata_source metadata_source,
                                                            envoy_dynamic_module_type_module_buffer ns,
                                                            envoy_dynamic_module_type_module_buffer key,
                                                            envoy_dynamic_module_type_envoy_buffer* result);
void envoy_dynamic_module_callback_http_set_dynamic_metadata_bool(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                                  envoy_dynamic_module_type_module_buffer ns,
                                                                  envoy_dynamic_module_type_module_buffer key, bool value);
bool envoy_dynamic_module_callback_http_get_metadata_bool(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                          envoy_dynamic_module_type_metadata_source metadata_source,
                                                          envoy_dynamic_module_type_module_buffer ns,
                                                          envoy_dynamic_module_type_module_buffer key, bool* result);
bool envoy_dynamic_module_callback_http_set_filter_state_bytes(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                               envoy_dynamic_module_type_module_buffer key,
                                                               envoy_dynamic_module_type_module_buffer value);
bool envoy_dynamic_module_callback_http_get_filter_state_bytes(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                               envoy_dynamic_module_type_module_buffer key,
                                                               envoy_dynamic_module_type_envoy_buffer* result);
#if TSE_ENVOY_MINOR >= 40
void envoy_dynamic_module_callback_http_set_dynamic_metadata_struct(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                                    envoy_dynamic_module_type_module_buffer ns,
                                                                    envoy_dynamic_module_type_module_buffer serialized_struct);
bool envoy_dynamic_module_callback_http_has_filter_state(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                         envoy_dynamic_module_type_module_buffer key);
#endif
/* The per-route config of the most specific route with one for this filter (1.38, 1.39, 1.40). */
envoy_dynamic_module_type_http_filter_per_route_config_module_ptr envoy_dynamic_module_callback_get_most_specific_route_config(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);
/* Integer socket options (1.38, 1.39, 1.40). */
#ifndef TSE_ABI_SKIP_TYPES
typedef enum envoy_dynamic_module_type_socket_option_state {
  envoy_dynamic_module_type_socket_option_state_Prebind = 0,
  envoy_dynamic_module_type_socket_option_state_Bound = 1,
  envoy_dynamic_module_type_socket_option_state_Listening = 2,
} envoy_dynamic_module_type_socket_option_state;
typedef enum envoy_dynamic_module_type_socket_direction {
  envoy_dynamic_module_type_socket_direction_Upstream = 0,
  envoy_dynamic_module_type_socket_direction_Downstream = 1,
} envoy_dynamic_module_type_socket_direction;
#endif
bool envoy_dynamic_module_callback_http_set_socket_option_int(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, int64_t level,
                                                              int64_t name, envoy_dynamic_module_type_socket_option_state state,
                                                              envoy_dynamic_module_type_socket_direction direction, int64_t value);
bool envoy_dynamic_module_callback_http_get_socket_option_int(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, int64_t level,
                                                              int64_t name, envoy_dynamic_module_type_socket_option_state state,
                                                              envoy_dynamic_module_type_socket_direction direction, int64_t* value_out);
uint64_t envoy_dynamic_module_callback_http_get_buffer_limit(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);
void envoy_dynamic_module_callback_http_set_buffer_limit(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, uint64_t limit);

/* the HTTP filter scheduler (Envoy 1.38 to 1.40): async hooks' timers resume on it (runtime-c/async.c) */
envoy_dynamic_module_type_http_filter_scheduler_module_ptr envoy_dynamic_module_callback_http_filter_scheduler_new(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr);
void envoy_dynamic_module_callback_http_filter_scheduler_commit(envoy_dynamic_module_type_http_filter_scheduler_module_ptr scheduler_module_ptr,
                                                                uint64_t event_id);
void envoy_dynamic_module_callback_http_filter_scheduler_delete(envoy_dynamic_module_type_http_filter_scheduler_module_ptr scheduler_module_ptr);

/* one-shot HTTP callouts (Envoy 1.38 to 1.40): async hooks' envoy.httpCallout (runtime-c/async.c) */
typedef enum envoy_dynamic_module_type_http_callout_init_result {
  envoy_dynamic_module_type_http_callout_init_result_Success,
  envoy_dynamic_module_type_http_callout_init_result_MissingRequiredHeaders,
  envoy_dynamic_module_type_http_callout_init_result_ClusterNotFound,
  envoy_dynamic_module_type_http_callout_init_result_DuplicateCalloutId,
  envoy_dynamic_module_type_http_callout_init_result_CannotCreateRequest,
} envoy_dynamic_module_type_http_callout_init_result;
envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_http_callout(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, uint64_t* callout_id_out,
    envoy_dynamic_module_type_module_buffer cluster_name, envoy_dynamic_module_type_module_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_module_buffer body, uint64_t timeout_milliseconds);

/* The filter config's own scheduler and callouts (Envoy 1.38 to 1.40): events and responses arrive on
 * the main thread, for a config-level background task (docs/async.md); both hooks are optional. */
envoy_dynamic_module_type_http_filter_config_scheduler_module_ptr envoy_dynamic_module_callback_http_filter_config_scheduler_new(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr);
void envoy_dynamic_module_callback_http_filter_config_scheduler_commit(
    envoy_dynamic_module_type_http_filter_config_scheduler_module_ptr scheduler_module_ptr, uint64_t event_id);
void envoy_dynamic_module_callback_http_filter_config_scheduler_delete(
    envoy_dynamic_module_type_http_filter_config_scheduler_module_ptr scheduler_module_ptr);
envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_config_http_callout(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr, uint64_t* callout_id_out,
    envoy_dynamic_module_type_module_buffer cluster_name, envoy_dynamic_module_type_module_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_module_buffer body, uint64_t timeout_milliseconds);
void envoy_dynamic_module_on_http_filter_config_scheduled(envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
                                                          envoy_dynamic_module_type_http_filter_config_module_ptr filter_config_ptr,
                                                          uint64_t event_id);
void envoy_dynamic_module_on_http_filter_config_http_callout_done(
    envoy_dynamic_module_type_http_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_http_filter_config_module_ptr filter_config_ptr, uint64_t callout_id,
    envoy_dynamic_module_type_http_callout_result result, envoy_dynamic_module_type_envoy_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_envoy_buffer* body_chunks, size_t body_chunks_size);
/* streamed HTTP callouts (Envoy 1.38 to 1.40): envoy.startHttpStream (runtime-c/async_stream.c) */
envoy_dynamic_module_type_http_callout_init_result envoy_dynamic_module_callback_http_filter_start_http_stream(
    envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr, uint64_t* stream_id_out,
    envoy_dynamic_module_type_module_buffer cluster_name, envoy_dynamic_module_type_module_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_module_buffer body, bool end_stream, uint64_t timeout_milliseconds);
void envoy_dynamic_module_callback_http_filter_reset_http_stream(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                                 uint64_t stream_id);
bool envoy_dynamic_module_callback_http_stream_send_data(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                         uint64_t stream_id, envoy_dynamic_module_type_module_buffer data,
                                                         bool end_stream);
bool envoy_dynamic_module_callback_http_stream_send_trailers(envoy_dynamic_module_type_http_filter_envoy_ptr filter_envoy_ptr,
                                                             uint64_t stream_id,
                                                             envoy_dynamic_module_type_module_http_header* trailers,
                                                             size_t trailers_size);

#ifdef __cplusplus
}
#endif

#endif /* TSE_ABI_SKIP_FUNCTIONS */

/* ================================================================ network and listener filters (issue 11)
 * Envoy 1.40's surface only: tsc2envoy refuses these kinds for older releases (TSE3021), so
 * nothing here is declared for them. */
#if TSE_ENVOY_MINOR >= 40

#ifndef TSE_ABI_SKIP_TYPES
typedef void* envoy_dynamic_module_type_network_filter_config_envoy_ptr;
typedef const void* envoy_dynamic_module_type_network_filter_config_module_ptr;
typedef void* envoy_dynamic_module_type_network_filter_envoy_ptr;
typedef const void* envoy_dynamic_module_type_network_filter_module_ptr;

typedef enum envoy_dynamic_module_type_on_network_filter_data_status {
  envoy_dynamic_module_type_on_network_filter_data_status_Continue,
  envoy_dynamic_module_type_on_network_filter_data_status_StopIteration,
} envoy_dynamic_module_type_on_network_filter_data_status;

typedef enum envoy_dynamic_module_type_network_connection_close_type {
  envoy_dynamic_module_type_network_connection_close_type_FlushWrite,
  envoy_dynamic_module_type_network_connection_close_type_NoFlush,
  envoy_dynamic_module_type_network_connection_close_type_FlushWriteAndDelay,
  envoy_dynamic_module_type_network_connection_close_type_Abort,
  envoy_dynamic_module_type_network_connection_close_type_AbortReset,
} envoy_dynamic_module_type_network_connection_close_type;

typedef enum envoy_dynamic_module_type_network_connection_event {
  envoy_dynamic_module_type_network_connection_event_RemoteClose,
  envoy_dynamic_module_type_network_connection_event_LocalClose,
  envoy_dynamic_module_type_network_connection_event_Connected,
  envoy_dynamic_module_type_network_connection_event_ConnectedZeroRtt,
} envoy_dynamic_module_type_network_connection_event;

typedef void* envoy_dynamic_module_type_listener_filter_config_envoy_ptr;
typedef const void* envoy_dynamic_module_type_listener_filter_config_module_ptr;
typedef void* envoy_dynamic_module_type_listener_filter_envoy_ptr;
typedef const void* envoy_dynamic_module_type_listener_filter_module_ptr;

typedef enum envoy_dynamic_module_type_on_listener_filter_status {
  envoy_dynamic_module_type_on_listener_filter_status_Continue,
  envoy_dynamic_module_type_on_listener_filter_status_StopIteration,
} envoy_dynamic_module_type_on_listener_filter_status;
#endif /* TSE_ABI_SKIP_TYPES */

#ifndef TSE_ABI_SKIP_FUNCTIONS
#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- network filter hooks (module side) */

envoy_dynamic_module_type_network_filter_config_module_ptr envoy_dynamic_module_on_network_filter_config_new(
    envoy_dynamic_module_type_network_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer name, envoy_dynamic_module_type_envoy_buffer config);
void envoy_dynamic_module_on_network_filter_config_destroy(envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr);
envoy_dynamic_module_type_network_filter_module_ptr envoy_dynamic_module_on_network_filter_new(
    envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr,
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_new_connection(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr);
envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_read(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr, size_t data_length, bool end_stream);
envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_write(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr, size_t data_length, bool end_stream);
void envoy_dynamic_module_on_network_filter_event(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                  envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr,
                                                  envoy_dynamic_module_type_network_connection_event event);
void envoy_dynamic_module_on_network_filter_destroy(envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr);
void envoy_dynamic_module_on_network_filter_http_callout_done(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr, uint64_t callout_id,
    envoy_dynamic_module_type_http_callout_result result, envoy_dynamic_module_type_envoy_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_envoy_buffer* body_chunks, size_t body_chunks_size);
void envoy_dynamic_module_on_network_filter_scheduled(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                      envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr,
                                                      uint64_t event_id);
void envoy_dynamic_module_on_network_filter_config_scheduled(envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr,
                                                             uint64_t event_id);
void envoy_dynamic_module_on_network_filter_above_write_buffer_high_watermark(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr);
void envoy_dynamic_module_on_network_filter_below_write_buffer_low_watermark(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr);

/* ---------------------------------------------------------------- network filter callbacks (Envoy side) */

size_t envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks_size(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
size_t envoy_dynamic_module_callback_network_filter_get_read_buffer_size(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                         envoy_dynamic_module_type_envoy_buffer* result_buffer_vector);
size_t envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks_size(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
size_t envoy_dynamic_module_callback_network_filter_get_write_buffer_size(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                          envoy_dynamic_module_type_envoy_buffer* result_buffer_vector);
bool envoy_dynamic_module_callback_network_filter_drain_read_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t length);
bool envoy_dynamic_module_callback_network_filter_drain_write_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t length);
bool envoy_dynamic_module_callback_network_filter_prepend_read_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                      envoy_dynamic_module_type_module_buffer data);
bool envoy_dynamic_module_callback_network_filter_append_read_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                     envoy_dynamic_module_type_module_buffer data);
bool envoy_dynamic_module_callback_network_filter_prepend_write_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                       envoy_dynamic_module_type_module_buffer data);
bool envoy_dynamic_module_callback_network_filter_append_write_buffer(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                      envoy_dynamic_module_type_module_buffer data);
void envoy_dynamic_module_callback_network_filter_write(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                        envoy_dynamic_module_type_module_buffer data, bool end_stream);
void envoy_dynamic_module_callback_network_filter_inject_read_data(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                   envoy_dynamic_module_type_module_buffer data, bool end_stream);
void envoy_dynamic_module_callback_network_filter_inject_write_data(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                    envoy_dynamic_module_type_module_buffer data, bool end_stream);
void envoy_dynamic_module_callback_network_filter_continue_reading(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
void envoy_dynamic_module_callback_network_filter_close(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                        envoy_dynamic_module_type_network_connection_close_type close_type);
uint64_t envoy_dynamic_module_callback_network_filter_get_connection_id(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_network_filter_get_remote_address(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                     envoy_dynamic_module_type_envoy_buffer* address_out, uint32_t* port_out);
bool envoy_dynamic_module_callback_network_filter_get_local_address(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                    envoy_dynamic_module_type_envoy_buffer* address_out, uint32_t* port_out);
bool envoy_dynamic_module_callback_network_filter_is_ssl(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_network_filter_get_requested_server_name(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                                            envoy_dynamic_module_type_envoy_buffer* result_out);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_config_define_counter(
    envoy_dynamic_module_type_network_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* counter_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_config_define_gauge(
    envoy_dynamic_module_type_network_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* gauge_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_config_define_histogram(
    envoy_dynamic_module_type_network_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* histogram_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_increment_counter(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_set_gauge(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_increment_gauge(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_decrement_gauge(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_record_histogram_value(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);

/* ---------------------------------------------------------------- listener filter hooks (module side) */

envoy_dynamic_module_type_listener_filter_config_module_ptr envoy_dynamic_module_on_listener_filter_config_new(
    envoy_dynamic_module_type_listener_filter_config_envoy_ptr filter_config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config);
void envoy_dynamic_module_on_listener_filter_config_destroy(envoy_dynamic_module_type_listener_filter_config_module_ptr filter_config_ptr);
envoy_dynamic_module_type_listener_filter_module_ptr envoy_dynamic_module_on_listener_filter_new(
    envoy_dynamic_module_type_listener_filter_config_module_ptr filter_config_ptr, envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr);
envoy_dynamic_module_type_on_listener_filter_status envoy_dynamic_module_on_listener_filter_on_accept(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr);
envoy_dynamic_module_type_on_listener_filter_status envoy_dynamic_module_on_listener_filter_on_data(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr,
    size_t data_length);
void envoy_dynamic_module_on_listener_filter_on_close(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                      envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr);
size_t envoy_dynamic_module_on_listener_filter_get_max_read_bytes(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                  envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr);
void envoy_dynamic_module_on_listener_filter_destroy(envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr);
void envoy_dynamic_module_on_listener_filter_scheduled(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                       envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr, uint64_t event_id);
void envoy_dynamic_module_on_listener_filter_config_scheduled(envoy_dynamic_module_type_listener_filter_config_envoy_ptr filter_config_envoy_ptr,
                                                              envoy_dynamic_module_type_listener_filter_config_module_ptr filter_config_module_ptr,
                                                              uint64_t event_id);
void envoy_dynamic_module_on_listener_filter_http_callout_done(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_listener_filter_module_ptr filter_module_ptr,
    uint64_t callout_id, envoy_dynamic_module_type_http_callout_result result, envoy_dynamic_module_type_envoy_http_header* headers,
    size_t headers_size, envoy_dynamic_module_type_envoy_buffer* body_chunks, size_t body_chunks_size);

/* ---------------------------------------------------------------- listener filter callbacks (Envoy side) */

bool envoy_dynamic_module_callback_listener_filter_get_buffer_chunk(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                    envoy_dynamic_module_type_envoy_buffer* chunk_out);
bool envoy_dynamic_module_callback_listener_filter_drain_buffer(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, size_t length);
void envoy_dynamic_module_callback_listener_filter_set_detected_transport_protocol(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                                  envoy_dynamic_module_type_module_buffer protocol);
void envoy_dynamic_module_callback_listener_filter_set_requested_server_name(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                             envoy_dynamic_module_type_module_buffer name);
void envoy_dynamic_module_callback_listener_filter_set_requested_application_protocols(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_module_buffer* protocols, size_t protocols_count);
bool envoy_dynamic_module_callback_listener_filter_get_requested_server_name(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                             envoy_dynamic_module_type_envoy_buffer* result_out);
bool envoy_dynamic_module_callback_listener_filter_get_detected_transport_protocol(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                                  envoy_dynamic_module_type_envoy_buffer* result_out);
bool envoy_dynamic_module_callback_listener_filter_get_remote_address(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                      envoy_dynamic_module_type_envoy_buffer* address_out, uint32_t* port_out);
bool envoy_dynamic_module_callback_listener_filter_get_local_address(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                     envoy_dynamic_module_type_envoy_buffer* address_out, uint32_t* port_out);
void envoy_dynamic_module_callback_listener_filter_continue_filter_chain(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, bool success);
void envoy_dynamic_module_callback_listener_filter_close_socket(envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                envoy_dynamic_module_type_module_buffer details);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_listener_filter_config_define_counter(
    envoy_dynamic_module_type_listener_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* counter_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_listener_filter_config_define_gauge(
    envoy_dynamic_module_type_listener_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* gauge_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_listener_filter_config_define_histogram(
    envoy_dynamic_module_type_listener_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* histogram_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_listener_filter_increment_counter(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_listener_filter_set_gauge(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_listener_filter_increment_gauge(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_listener_filter_decrement_gauge(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_listener_filter_record_histogram_value(
    envoy_dynamic_module_type_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);

#ifdef __cplusplus
}
#endif
#endif /* TSE_ABI_SKIP_FUNCTIONS */

#endif /* TSE_ENVOY_MINOR >= 40: network and listener filters */

/* ================================================================ tracers and stats sinks (issue 11)
 * Envoy 1.40's surface only (runtime-c/tracer.c, stats_sink.c): tsc2envoy refuses both kinds for
 * older releases (TSE3021; 1.39 has no histogram snapshot callbacks). Only what the runtime uses. */
#if TSE_ENVOY_MINOR >= 40

#ifndef TSE_ABI_SKIP_TYPES
/* tracer */
typedef void* envoy_dynamic_module_type_tracer_config_envoy_ptr;
typedef const void* envoy_dynamic_module_type_tracer_config_module_ptr;
typedef void* envoy_dynamic_module_type_tracer_span_envoy_ptr;
typedef const void* envoy_dynamic_module_type_tracer_span_module_ptr;
typedef enum envoy_dynamic_module_type_trace_reason {
  envoy_dynamic_module_type_trace_reason_NotTraceable,
  envoy_dynamic_module_type_trace_reason_HealthCheck,
  envoy_dynamic_module_type_trace_reason_Sampling,
  envoy_dynamic_module_type_trace_reason_ServiceForced,
  envoy_dynamic_module_type_trace_reason_ClientForced,
} envoy_dynamic_module_type_trace_reason;
/* stats sink */
typedef void* envoy_dynamic_module_type_stat_sink_config_envoy_ptr;
typedef const void* envoy_dynamic_module_type_stat_sink_config_module_ptr;
typedef void* envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr;
#endif /* TSE_ABI_SKIP_TYPES */

#ifndef TSE_ABI_SKIP_FUNCTIONS
#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- tracer hooks (module side) */
envoy_dynamic_module_type_tracer_config_module_ptr envoy_dynamic_module_on_tracer_config_new(envoy_dynamic_module_type_tracer_config_envoy_ptr config_envoy_ptr,
                                                                                            envoy_dynamic_module_type_envoy_buffer name,
                                                                                            envoy_dynamic_module_type_envoy_buffer config);
void envoy_dynamic_module_on_tracer_config_destroy(envoy_dynamic_module_type_tracer_config_module_ptr config_module_ptr);
envoy_dynamic_module_type_tracer_span_module_ptr envoy_dynamic_module_on_tracer_start_span(
    envoy_dynamic_module_type_tracer_config_module_ptr config_module_ptr, envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer operation_name, bool traced, envoy_dynamic_module_type_trace_reason reason);
void envoy_dynamic_module_on_tracer_span_set_operation(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                       envoy_dynamic_module_type_envoy_buffer operation);
void envoy_dynamic_module_on_tracer_span_set_tag(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr, envoy_dynamic_module_type_envoy_buffer key,
                                                 envoy_dynamic_module_type_envoy_buffer value);
void envoy_dynamic_module_on_tracer_span_log(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr, int64_t timestamp_ns,
                                             envoy_dynamic_module_type_envoy_buffer event);
void envoy_dynamic_module_on_tracer_span_set_sampled(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr, bool sampled);
void envoy_dynamic_module_on_tracer_span_inject_context(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr,
                                                        envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr);
void envoy_dynamic_module_on_tracer_span_finish(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr);
void envoy_dynamic_module_on_tracer_span_destroy(envoy_dynamic_module_type_tracer_span_module_ptr span_module_ptr);

/* ---------------------------------------------------------------- stats sink hooks (module side) */
envoy_dynamic_module_type_stat_sink_config_module_ptr envoy_dynamic_module_on_stat_sink_config_new(
    envoy_dynamic_module_type_stat_sink_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer sink_name,
    envoy_dynamic_module_type_envoy_buffer sink_config);
void envoy_dynamic_module_on_stat_sink_config_destroy(envoy_dynamic_module_type_stat_sink_config_module_ptr config_module_ptr);
void envoy_dynamic_module_on_stat_sink_flush(envoy_dynamic_module_type_stat_sink_config_module_ptr config_module_ptr,
                                             envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr);

/* ---------------------------------------------------------------- tracer callbacks (Envoy side) */
bool envoy_dynamic_module_callback_tracer_get_trace_context_value(envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
                                                                  envoy_dynamic_module_type_module_buffer key,
                                                                  envoy_dynamic_module_type_envoy_buffer* value_out);
void envoy_dynamic_module_callback_tracer_set_trace_context_value(envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
                                                                  envoy_dynamic_module_type_module_buffer key,
                                                                  envoy_dynamic_module_type_module_buffer value);
void envoy_dynamic_module_callback_tracer_remove_trace_context_value(envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
                                                                     envoy_dynamic_module_type_module_buffer key);
bool envoy_dynamic_module_callback_tracer_get_trace_context_protocol(envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
                                                                     envoy_dynamic_module_type_envoy_buffer* value_out);
bool envoy_dynamic_module_callback_tracer_get_trace_context_host(envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
                                                                 envoy_dynamic_module_type_envoy_buffer* value_out);
bool envoy_dynamic_module_callback_tracer_get_trace_context_path(envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
                                                                 envoy_dynamic_module_type_envoy_buffer* value_out);
bool envoy_dynamic_module_callback_tracer_get_trace_context_method(envoy_dynamic_module_type_tracer_span_envoy_ptr span_envoy_ptr,
                                                                   envoy_dynamic_module_type_envoy_buffer* value_out);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_tracer_define_counter(
    envoy_dynamic_module_type_tracer_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* label_names, size_t label_names_length, size_t* counter_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_tracer_define_gauge(
    envoy_dynamic_module_type_tracer_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* label_names, size_t label_names_length, size_t* gauge_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_tracer_define_histogram(
    envoy_dynamic_module_type_tracer_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name,
    envoy_dynamic_module_type_module_buffer* label_names, size_t label_names_length, size_t* histogram_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_tracer_increment_counter(
    envoy_dynamic_module_type_tracer_config_envoy_ptr config_envoy_ptr, size_t id, envoy_dynamic_module_type_module_buffer* label_values,
    size_t label_values_length, uint64_t value);

/* ---------------------------------------------------------------- stats sink callbacks (Envoy side) */
size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_counter_count(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr);
bool envoy_dynamic_module_callback_stat_sink_snapshot_get_counter(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr, size_t index,
                                                                  char* name_buffer, size_t name_buffer_capacity, size_t* name_size, uint64_t* value_out,
                                                                  uint64_t* delta_out);
size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_gauge_count(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr);
bool envoy_dynamic_module_callback_stat_sink_snapshot_get_gauge(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr, size_t index,
                                                                char* name_buffer, size_t name_buffer_capacity, size_t* name_size, uint64_t* value_out);
size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout_count(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr);
bool envoy_dynamic_module_callback_stat_sink_snapshot_get_text_readout(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr,
                                                                       size_t index, char* name_buffer, size_t name_buffer_capacity, size_t* name_size,
                                                                       char* value_buffer, size_t value_buffer_capacity, size_t* value_size);
size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_count(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr);
bool envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr,
                                                                    size_t index, char* name_buffer, size_t name_buffer_capacity, size_t* name_size,
                                                                    uint64_t* sample_count_out, double* sample_sum_out);
size_t envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_bucket_count(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr,
                                                                                   size_t histogram_index);
bool envoy_dynamic_module_callback_stat_sink_snapshot_get_histogram_bucket(envoy_dynamic_module_type_stat_sink_snapshot_envoy_ptr snapshot_envoy_ptr,
                                                                           size_t histogram_index, size_t bucket_index, double* upper_bound_out,
                                                                           uint64_t* cumulative_count_out);

#ifdef __cplusplus
}
#endif
#endif /* TSE_ABI_SKIP_FUNCTIONS */

#endif /* TSE_ENVOY_MINOR >= 40: tracers and stats sinks */

/* ================================================================ UDP listener filters (issue 11)
 * Envoy 1.40's surface only (TSE3021 refuses the kind for older releases). Only what
 * runtime-c/udp_listener_filter.c calls and defines. */
#if TSE_ENVOY_MINOR >= 40

#ifndef TSE_ABI_SKIP_TYPES
typedef void* envoy_dynamic_module_type_udp_listener_filter_config_envoy_ptr;
typedef const void* envoy_dynamic_module_type_udp_listener_filter_config_module_ptr;
typedef void* envoy_dynamic_module_type_udp_listener_filter_envoy_ptr;
typedef const void* envoy_dynamic_module_type_udp_listener_filter_module_ptr;

typedef enum envoy_dynamic_module_type_on_udp_listener_filter_status {
  envoy_dynamic_module_type_on_udp_listener_filter_status_Continue,
  envoy_dynamic_module_type_on_udp_listener_filter_status_StopIteration,
} envoy_dynamic_module_type_on_udp_listener_filter_status;
#endif /* TSE_ABI_SKIP_TYPES */

#ifndef TSE_ABI_SKIP_FUNCTIONS
#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- UDP listener filter hooks (module side) */

envoy_dynamic_module_type_udp_listener_filter_config_module_ptr envoy_dynamic_module_on_udp_listener_filter_config_new(
    envoy_dynamic_module_type_udp_listener_filter_config_envoy_ptr filter_config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config);
void envoy_dynamic_module_on_udp_listener_filter_config_destroy(envoy_dynamic_module_type_udp_listener_filter_config_module_ptr filter_config_ptr);
envoy_dynamic_module_type_udp_listener_filter_module_ptr envoy_dynamic_module_on_udp_listener_filter_new(
    envoy_dynamic_module_type_udp_listener_filter_config_module_ptr filter_config_ptr, envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr);
envoy_dynamic_module_type_on_udp_listener_filter_status envoy_dynamic_module_on_udp_listener_filter_on_data(
    envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_udp_listener_filter_module_ptr filter_module_ptr);
void envoy_dynamic_module_on_udp_listener_filter_destroy(envoy_dynamic_module_type_udp_listener_filter_module_ptr filter_module_ptr);

/* ---------------------------------------------------------------- UDP listener filter callbacks (Envoy side) */

size_t envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_chunks_size(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_chunks(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                               envoy_dynamic_module_type_envoy_buffer* chunks_out);
size_t envoy_dynamic_module_callback_udp_listener_filter_get_datagram_data_size(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_udp_listener_filter_set_datagram_data(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                        envoy_dynamic_module_type_module_buffer data);
bool envoy_dynamic_module_callback_udp_listener_filter_get_peer_address(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                       envoy_dynamic_module_type_envoy_buffer* address_out, uint32_t* port_out);
bool envoy_dynamic_module_callback_udp_listener_filter_get_local_address(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                        envoy_dynamic_module_type_envoy_buffer* address_out, uint32_t* port_out);
bool envoy_dynamic_module_callback_udp_listener_filter_send_datagram(envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr,
                                                                    envoy_dynamic_module_type_module_buffer data,
                                                                    envoy_dynamic_module_type_module_buffer peer_address, uint32_t peer_port);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_udp_listener_filter_config_define_counter(
    envoy_dynamic_module_type_udp_listener_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* counter_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_udp_listener_filter_config_define_gauge(
    envoy_dynamic_module_type_udp_listener_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* gauge_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_udp_listener_filter_config_define_histogram(
    envoy_dynamic_module_type_udp_listener_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* histogram_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_udp_listener_filter_increment_counter(
    envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_udp_listener_filter_set_gauge(
    envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_udp_listener_filter_increment_gauge(
    envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_udp_listener_filter_decrement_gauge(
    envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_udp_listener_filter_record_histogram_value(
    envoy_dynamic_module_type_udp_listener_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);

#ifdef __cplusplus
}
#endif
#endif /* TSE_ABI_SKIP_FUNCTIONS */

#endif /* TSE_ENVOY_MINOR >= 40: UDP listener filters */

/* ================================================================ access loggers (issue 11)
 * Envoy 1.40's surface only (TSE3021 refuses the kind for older releases). Only what
 * runtime-c/access_logger.c calls and defines. */
#if TSE_ENVOY_MINOR >= 40

#ifndef TSE_ABI_SKIP_TYPES
typedef void* envoy_dynamic_module_type_access_logger_config_envoy_ptr;
typedef const void* envoy_dynamic_module_type_access_logger_config_module_ptr;
typedef void* envoy_dynamic_module_type_access_logger_envoy_ptr;
typedef const void* envoy_dynamic_module_type_access_logger_module_ptr;

/* NotSet = 0 ... UdpSessionEnd = 13 (compiler/api/access-logger-api.ts AccessLogType). */
typedef uint32_t envoy_dynamic_module_type_access_log_type;

typedef struct envoy_dynamic_module_type_timing_info {
  int64_t start_time_unix_ns;
  int64_t request_complete_duration_ns;
  int64_t first_upstream_tx_byte_sent_ns;
  int64_t last_upstream_tx_byte_sent_ns;
  int64_t first_upstream_rx_byte_received_ns;
  int64_t last_upstream_rx_byte_received_ns;
  int64_t first_downstream_tx_byte_sent_ns;
  int64_t last_downstream_tx_byte_sent_ns;
} envoy_dynamic_module_type_timing_info;

typedef struct envoy_dynamic_module_type_bytes_info {
  uint64_t bytes_received;
  uint64_t bytes_sent;
  uint64_t wire_bytes_received;
  uint64_t wire_bytes_sent;
} envoy_dynamic_module_type_bytes_info;
#endif /* TSE_ABI_SKIP_TYPES */

#ifndef TSE_ABI_SKIP_FUNCTIONS
#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- access logger hooks (module side) */

envoy_dynamic_module_type_access_logger_config_module_ptr envoy_dynamic_module_on_access_logger_config_new(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_envoy_buffer name,
    envoy_dynamic_module_type_envoy_buffer config);
void envoy_dynamic_module_on_access_logger_config_destroy(envoy_dynamic_module_type_access_logger_config_module_ptr config_module_ptr);
envoy_dynamic_module_type_access_logger_module_ptr envoy_dynamic_module_on_access_logger_new(
    envoy_dynamic_module_type_access_logger_config_module_ptr config_module_ptr, envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr);
void envoy_dynamic_module_on_access_logger_log(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                               envoy_dynamic_module_type_access_logger_module_ptr logger_module_ptr,
                                               envoy_dynamic_module_type_access_log_type log_type);
void envoy_dynamic_module_on_access_logger_destroy(envoy_dynamic_module_type_access_logger_module_ptr logger_module_ptr);
void envoy_dynamic_module_on_access_logger_flush(envoy_dynamic_module_type_access_logger_module_ptr logger_module_ptr);

/* ---------------------------------------------------------------- access logger callbacks (Envoy side) */

bool envoy_dynamic_module_callback_access_logger_get_header_value(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                                 envoy_dynamic_module_type_http_header_type header_type,
                                                                 envoy_dynamic_module_type_module_buffer key, envoy_dynamic_module_type_envoy_buffer* result,
                                                                 size_t index, size_t* total_count_out);
uint32_t envoy_dynamic_module_callback_access_logger_get_response_code(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr);
uint64_t envoy_dynamic_module_callback_access_logger_get_response_flags(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr);
void envoy_dynamic_module_callback_access_logger_get_timing_info(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                                 envoy_dynamic_module_type_timing_info* timing_out);
void envoy_dynamic_module_callback_access_logger_get_bytes_info(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                                envoy_dynamic_module_type_bytes_info* bytes_out);
bool envoy_dynamic_module_callback_access_logger_get_protocol(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                              envoy_dynamic_module_type_envoy_buffer* result);
bool envoy_dynamic_module_callback_access_logger_get_route_name(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                                envoy_dynamic_module_type_envoy_buffer* result);
bool envoy_dynamic_module_callback_access_logger_get_upstream_cluster(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                                      envoy_dynamic_module_type_envoy_buffer* result);
bool envoy_dynamic_module_callback_access_logger_get_request_id(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                                envoy_dynamic_module_type_envoy_buffer* result);
bool envoy_dynamic_module_callback_access_logger_get_downstream_remote_address(envoy_dynamic_module_type_access_logger_envoy_ptr logger_envoy_ptr,
                                                                               envoy_dynamic_module_type_envoy_buffer* address_out, uint32_t* port_out);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_access_logger_config_define_counter(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* counter_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_access_logger_config_define_gauge(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* gauge_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_access_logger_config_define_histogram(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name, size_t* histogram_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_access_logger_increment_counter(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_access_logger_set_gauge(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_access_logger_increment_gauge(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_access_logger_decrement_gauge(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, size_t id, uint64_t value);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_access_logger_record_histogram_value(
    envoy_dynamic_module_type_access_logger_config_envoy_ptr config_envoy_ptr, size_t id, uint64_t value);

#ifdef __cplusplus
}
#endif
#endif /* TSE_ABI_SKIP_FUNCTIONS */

#endif /* TSE_ENVOY_MINOR >= 40: access loggers */

#endif /* TSE_ENVOY_ABI_H */
