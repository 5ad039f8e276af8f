/** Real TCP clients and a TCP upstream for network and listener filter tests (node:net, node:tls). */
import net from "node:net";
import tls from "node:tls";

export interface TcpSession {
  /** Everything received so far. */
  received(): Buffer;
  send(data: string | Uint8Array): void;
  /** Waits until what was received matches (as latin1 text, so any bytes compare). */
  waitFor(pattern: RegExp | ((received: Buffer) => boolean), timeoutMs?: number): Promise<Buffer>;
  /** Resolves when the peer closed or reset the connection: whether it was a reset. */
  closed: Promise<{ reset: boolean }>;
  end(): void;
  destroy(): void;
}

function session(socket: net.Socket, connected: Promise<void>): Promise<TcpSession> {
  let data = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => (data = Buffer.concat([data, chunk])));
  const closed = new Promise<{ reset: boolean }>((resolve) => {
    let reset = false;
    socket.on("error", () => (reset = true));
    socket.on("close", () => resolve({ reset }));
  });
  const result: TcpSession = {
    received: () => data,
    send: (chunk) => void socket.write(chunk),
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const matches = () => (typeof pattern === "function" ? pattern(data) : pattern.test(data.toString("latin1")));
      while (!matches()) {
        if (Date.now() > deadline) throw new Error(`never received ${String(pattern)}; got ${JSON.stringify(data.toString("latin1"))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return data;
    },
    closed,
    end: () => void socket.end(),
    destroy: () => void socket.destroy(),
  };
  return connected.then(() => result);
}

export function connectTcp(port: number): Promise<TcpSession> {
  const socket = net.connect(port, "127.0.0.1");
  return session(socket, new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject)));
}

/**
 * A TLS ClientHello with `servername` as its SNI: the session's bytes are whatever comes back (the
 * test's listener has no TLS, so no handshake completes; the ClientHello is what listener filters see).
 */
export function connectTlsHello(port: number, servername: string, alpn?: string[]): Promise<TcpSession> {
  const raw = net.connect(port, "127.0.0.1");
  const connected = new Promise<void>((resolve, reject) => raw.once("connect", resolve).once("error", reject));
  return connected.then(() => {
    const secure = tls.connect({ socket: raw, servername, rejectUnauthorized: false, ...(alpn ? { ALPNProtocols: alpn } : {}) });
    secure.on("error", () => undefined);
    return session(raw, Promise.resolve());
  });
}

/** A TCP upstream that accepts connections and answers each chunk with `upstream:` and the chunk. */
export async function startTcpUpstream(): Promise<{ port: number; connections(): number; close: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => socket.write(Buffer.concat([Buffer.from("upstream:"), chunk])));
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections: () => count,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
