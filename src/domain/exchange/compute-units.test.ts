import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedAccelerators } from './accelerators.ts';
import { cardHoursForScu, milliScuOf, pricePerScuFen } from './compute-units.ts';
import { hubOf, servesLatencyClass } from './hubs.ts';

describe('standard compute units', () => {
  it('prices an SCU from the card-hour price, rounded up to the fen', () => {
    expect(pricePerScuFen(1_200n, 320)).toBe(3_750n); // Ascend 910B at ¥12 a card-hour
    expect(pricePerScuFen(2_500n, 989)).toBe(2_528n); // H100 at ¥25: 2527.8… → 2528
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.integer({ min: 1, max: 100_000 }),
        (price, tflops) => {
          const perScu = pricePerScuFen(price, tflops);
          // Never understates: an SCU costs at least what its card-hours cost, by less than a fen more.
          expect(perScu * BigInt(tflops)).toBeGreaterThanOrEqual(price * 1000n);
          expect((perScu - 1n) * BigInt(tflops)).toBeLessThan(price * 1000n);
        },
      ),
    );
  });

  it('finds the fewest card-hours that deliver an SCU quantity', () => {
    expect(cardHoursForScu(32n, 320)).toBe(100n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.integer({ min: 1, max: 100_000 }),
        (scu, tflops) => {
          const cardHours = cardHoursForScu(scu, tflops);
          expect(milliScuOf(cardHours, tflops)).toBeGreaterThanOrEqual(scu * 1000n);
          expect(milliScuOf(cardHours - 1n, tflops)).toBeLessThan(scu * 1000n);
        },
      ),
    );
  });

  it('seeds the catalog with the vendor figures, the Ascend chips domestic', () => {
    const byId = new Map(seedAccelerators.map((item) => [item.id, item]));
    expect(byId.get('nvidia-h100-sxm')).toMatchObject({ fp16DenseTflops: 989, origin: 'imported' });
    expect(byId.get('nvidia-a800-sxm')).toMatchObject({ fp16DenseTflops: 312, origin: 'imported' });
    expect(byId.get('nvidia-h20')).toMatchObject({ fp16DenseTflops: 148, origin: 'imported' });
    expect(byId.get('nvidia-l40s')).toMatchObject({ fp16DenseTflops: 362, origin: 'imported' });
    expect(byId.get('ascend-910b')).toMatchObject({ fp16DenseTflops: 320, origin: 'domestic' });
    expect(byId.get('ascend-910')).toMatchObject({ fp16DenseTflops: 256, origin: 'domestic' });
  });
});

describe('national hubs', () => {
  it('places regions in the eight hubs by province, and the rest in none', () => {
    expect(hubOf('520000')).toBe('guizhou');
    expect(hubOf('520100')).toBe('guizhou');
    expect(hubOf('330100')).toBe('yangtze-delta');
    expect(hubOf('510100')).toBe('chengdu-chongqing');
    expect(hubOf('110000')).toBe('jing-jin-ji');
    expect(hubOf('621000')).toBe('gansu');
    expect(hubOf('420100')).toBeNull();
  });

  it('serves a latency class from the enterprise’s home hub, its neighbours, or anywhere', () => {
    // A Chengdu firm: home hub Chengdu–Chongqing, neighbours Guizhou, Gansu, Ningxia.
    expect(servesLatencyClass('510100', 'local', '510104')).toBe(true);
    expect(servesLatencyClass('520000', 'local', '510104')).toBe(false);
    expect(servesLatencyClass('520000', 'regional', '510104')).toBe(true);
    expect(servesLatencyClass('330100', 'regional', '510104')).toBe(false);
    expect(servesLatencyClass('330100', 'national', '510104')).toBe(true);
    // A Wuhan firm's home hub is the nearest, the Yangtze River Delta; a site in Hubei is in none.
    expect(servesLatencyClass('330100', 'local', '420100')).toBe(true);
    expect(servesLatencyClass('420100', 'local', '420100')).toBe(false);
    expect(servesLatencyClass('420100', 'national', '420100')).toBe(true);
  });
});
