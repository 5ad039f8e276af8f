import net from "node:net";

/** The sum of the admin /stats values whose names end with `suffix` (one per listener or worker). */
export function statSum(stats: Map<string, number>, suffix: string): number {
  return [...stats].filter(([name]) => name.endsWith(suffix)).reduce((total, [, value]) => total + value, 0);
}

/**
 * Sends `count` requests (raw HTTP/1.1 `text`) one after another and disconnects each after
 * `afterMs`, while Envoy still holds it (an async hook waiting): Envoy destroys those streams.
 */
export async function abandonRequests(port: number, text: string, count: number, afterMs = 150): Promise<void> {
  for (let i = 0; i < count; i++) {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    socket.on("error", () => {});
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    socket.destroy();
  }
}
