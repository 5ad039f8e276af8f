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

/** Requests Envoy has begun on its HTTP listeners (admin's own left out). */
function requestsBegun(stats: Map<string, number>): number {
  return [...stats].filter(([name]) => name.startsWith("http.") && !name.startsWith("http.admin.") && name.endsWith(".downstream_rq_total")).reduce((total, [, value]) => total + value, 0);
}

/**
 * Sends `count` requests (raw HTTP/1.1 `text`) one after another and disconnects each once Envoy has
 * begun it (its hook then runs in the same read, and waits): Envoy destroys those streams. A fixed
 * pause before the disconnect let a loaded Envoy read the request after the client had gone.
 */
export async function abandonRequests(envoy: EnvoyInstance, port: number, text: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const before = requestsBegun(await envoy.stats());
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    socket.on("error", () => {});
    await eventually("Envoy beginning the request to abandon", async () => requestsBegun(await envoy.stats()) > before);
    socket.destroy();
  }
}
