// Date.parse of HTTP dates (IMF-fixdate, RFC 850, asctime), ISO 8601 and the other forms V8's
// legacy parser reads, and of strings it rejects: the same time value (or NaN) as Node.
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],["if-modified-since","Wed, 21 Oct 2015 07:28:00 GMT"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
// vector: {"filter":"test","streams":[{"events":[{"hook":"request_headers","headers":[[":method","GET"],["if-modified-since","yesterday"]],"endOfStream":true},{"hook":"stream_complete"}]}]}
import { log, registerHttpFilter, RequestHeadersStatus, type EnvoyHttpFilter, type HttpFilter } from "tsc2envoy";

const INPUTS = [
  "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun Nov 6 08:49:37 1994 GMT",
  "Thu, 01 Jan 1970 00:00:00 GMT", "Wed, 21 Oct 2015 07:28:00 GMT", "Tue, 15 Nov 1994 12:45:26 GMT (comment (nested))",
  "Thu, 01 Jan 1970 00:00:00 GMT+0100", "Thu, 01 Jan 1970 00:00:00 GMT-08:30", "Thu, 01 Jan 1970 00:00:00 +0130", "Mon, 32 Jan 2000 00:00:00 GMT",
  "6 Nov 1994 8:49 PM EST", "6 Nov 1994 12:00 AM PST", "Nov 6, 1994 13:00 PM", "January 5", "Jan 5", "5 January 49", "5 January 50", "5 Jan 0099", "Dec 25 2024 10:00:00.5 UTC",
  "12/25/2024", "2024/12/25 10:00", "25/12/2024", "1/2/3", "1 2 3 4", "10:00 2024-12-25", "2024-12-25 10:00:00Z", "2024-12-25 10:00:00 z", "2024-12-25T10:00:00 GMT",
  "1994-11-06", "1994-11", "1994", "1994-11-06T08:49", "1994-11-06T08:49:37", "1994-11-06T08:49:37Z", "1994-11-06T08:49:37.1Z", "1994-11-06T08:49:37.12345678912Z",
  "1994-11-06T08:49:37.1234+01:30", "1994-11-06T08:49:37-0800", "1994-11-06T24:00", "1994-11-06T24:00:01", "1994-11-06T25:00", "1994-13-01", "1994-02-30", "1994-11-06T08:49:37+24:00",
  "+275760-09-13T00:00:00.000Z", "+275760-09-13T00:00:00.001Z", "-271821-04-20T00:00:00.000Z", "-000000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "+002024-01-01",
  "2000-01-01TZ", "2000-01-01T", "T10:00", "x", "", " ", "GMT", "Sun", "2024 GMT", "(1994)", "1994)", "-1994", "1994-", "Nov 1994", "Nov", "2024 12 25 10 30", "10:30:15:20 2024",
  "1:2:3.4 2024", "2024 1:2.3", "1::2 2024", "2024-12-25 10::", "\u00a02024-12-25", "2024\u20281", "Ĳan 5 2024", "jAN 5 2024", "Jan-5-2024", "5-Jan-2024", "2024-Jan-5", "Jan 5 2024 10am", "Jan 5 2024 10 am",
  "Jan 5 2024 13 pm", "Jan 5 2024 10:30 am EDT", "Jan 5 2024 10:30 +5", "Jan 5 2024 10:30 -123", "Jan 5 2024 10:30 -12345", "Jan 5 2024 UT", "Jan 5 2024 UTC+2", "99999999999 Jan", "Jan 5 1000000000",
];

class T implements HttpFilter {
  onRequestHeaders(envoy: EnvoyHttpFilter): RequestHeadersStatus {
    for (const input of INPUTS) log.info(`${JSON.stringify(input)} ${Date.parse(input)} ${new Date(input).getTime()}`);
    const header = envoy.getRequestHeaderValue("if-modified-since");
    if (header !== undefined) {
      const since = new Date(header);
      log.info(`if-modified-since ${since.getTime()} ${Number.isNaN(since.getTime()) ? "invalid" : since.toUTCString()}`);
    }
    return RequestHeadersStatus.Continue;
  }
}

registerHttpFilter("test", () => new T());
