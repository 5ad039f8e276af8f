import net from "node:net";

import { EnvoyInstance, eventually } from "./envoy.js";

/** The sum of the admin /stats values whose names end with `suffix` (one per listener or worker). */
export function statSum(stats: Map<string, number>, suffix: string): number {
  return [...stats].filter(([name]) => name.endsWith(suffix)).reduce((total, [, value]) => total + value, 0);
}

/**
 * Waits until the stats ending in `suffix` sum to at least `atLeast` (Envoy counts a stream's end, such
 * as downstream_cx_destroy_remote_active_rq, after the client has gone); throws with the sum if never.
 */
export async function statSumEventually(envoy: EnvoyInstance, suffix: string, atLeast: number): Promise<void> {
  let sum = 0;
  await eventually(`${suffix} reaching ${atLeast}`, async () => (sum = statSum(await envoy.stats(), suffix)) >= atLeast).catch((error: Error) => {
    throw new Error(`${error.message} (it is ${sum})`);
  });
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
