import http from "node:http";
import net from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A loopback upstream that answers every request with its request headers as JSON. */
export async function startEchoUpstream(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.setHeader("access-control-allow-credentials", "true");
    res.setHeader("x-upstream-only", "yes");
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP/1.1 request on a fresh connection; rejects when the connection is reset. */
export function request(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: urlPath, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Node sends header strings as latin1 bytes: this makes it send the UTF-8 bytes of `text`. */
export function utf8Header(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** The UTF-8 text of a header Node received (it decodes header bytes as latin1). */
export function headerText(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Buffer.from(Array.isArray(value) ? value.join(", ") : value, "latin1").toString("utf8");
}

/**
 * Writes `text` on a fresh loopback connection and returns every byte Envoy sends back (as latin1)
 * until it closes the connection; `reset` tells whether it ended in a reset. For checking exactly
 * what is on the wire, and for requests an HTTP client refuses to send.
 */
export function rawExchange(port: number, text: string, timeoutMs = 10_000): Promise<{ bytes: string; reset: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text, "latin1"));
    const chunks: Buffer[] = [];
    let reset = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got: ${Buffer.concat(chunks).toString("latin1").slice(0, 500)}`));
    }, timeoutMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET") reset = true;
      else reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ bytes: Buffer.concat(chunks).toString("latin1"), reset });
    });
  });
}
