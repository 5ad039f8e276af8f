import http from "node:http";
import net from "node:net";

/**
 * Ports for Envoy configs come from a block of this test worker's own, below the kernel's ephemeral
 * range: a port the kernel hands out for bind(0) is also what outgoing connections use, so under load
 * a client socket took one before Envoy bound it (CI: "Address already in use"). Workers never share
 * a block, and each candidate is checked free before it is handed out.
 */
const PORT_BLOCK_SIZE = 400;
const PORT_BLOCKS_BASE = 12_000;
const worker = Number(process.env.VITEST_POOL_ID ?? process.pid) % 40;
let nextPortOffset = Math.floor(Math.random() * PORT_BLOCK_SIZE);

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let tries = 0; tries < PORT_BLOCK_SIZE; tries++) {
    const port = PORT_BLOCKS_BASE + worker * PORT_BLOCK_SIZE + (nextPortOffset++ % PORT_BLOCK_SIZE);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in this worker's block ${PORT_BLOCKS_BASE + worker * PORT_BLOCK_SIZE}+${PORT_BLOCK_SIZE}`);
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

/** One HTTP/1.1 exchange on a fresh connection: `send` writes the request, the response is read as text; rejects when the connection is reset. */
export function exchange(options: http.RequestOptions, send: (req: http.ClientRequest) => void): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", agent: false, ...options }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    send(req);
  });
}

/** One HTTP/1.1 request on a fresh connection; rejects when the connection is reset. */
export function request(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return exchange({ port, path: urlPath, headers }, (req) => req.end());
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
export function rawExchange(port: number, text: string, timeoutMs = 30_000): Promise<{ bytes: string; reset: boolean }> {
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
