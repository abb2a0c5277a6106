import { randomInt } from 'node:crypto';
import { makeUscc } from '../../src/domain/parties/uscc.ts';

// A random start per test process and a counter after it: codes never repeat within a process
// (drawing each code at random repeated one in ~50 runs of a 200-enterprise test), and separate
// processes sharing one database still start far apart.
let nextSerial = randomInt(1_000_000_000);

/** A valid USCC in a region (GB/T 2260 code), never returned twice by one test process. */
export function freshUscc(region = '330106'): string {
  nextSerial = (nextSerial + 1) % 1_000_000_000;
  return makeUscc(`91${region}${String(nextSerial).padStart(9, '0')}`);
}
