/**
 * A small seeded pseudo-random number generator (sfc32, seeded through splitmix32). The emulator
 * draws everything random from it, so the same seed and the same calls give the same responses.
 *
 * @module
 */

const TWO_POW_32 = 4_294_967_296;

function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

/**
 * A seeded random stream. Two streams built from the same `seed` and `stream` produce the same
 * numbers; different `stream` numbers give independent streams from one seed.
 */
export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, stream: number) {
    const low = seed >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    let state = low ^ Math.imul(high, 0x27d4eb2f) ^ Math.imul(stream + 1, 0x165667b1);
    const words: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const [next, output] = splitmix32(state);
      state = next;
      words.push(output);
    }
    this.#a = words[0] ?? 0;
    this.#b = words[1] ?? 0;
    this.#c = words[2] ?? 0;
    this.#d = words[3] ?? 1;
    for (let i = 0; i < 12; i += 1) this.next();
  }

  /** A number in `[0, 1)`. */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / TWO_POW_32;
  }

  /** A number in `[min, max)`. */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in `[min, max]`. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** `length` lowercase hexadecimal digits. */
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}
