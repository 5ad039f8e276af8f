/**
 * The Web globals compiled filters may use beyond ES2022, declared as Node and browsers have them
 * (docs/language.md#bytes-and-time): TextEncoder/TextDecoder (UTF-8), atob/btoa and
 * performance.now(). tsc2envoy.d.ts references this file, so importing "tsc2envoy" declares them.
 */

interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
interface TextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  decode(input?: Uint8Array): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: TextDecoderOptions): TextDecoder };

declare function atob(data: string): string;
declare function btoa(data: string): string;

interface Performance {
  now(): number;
}
declare var performance: Performance;
