import type { AcceleratorOrigin } from '../parties/provider.ts';
import { DomainError } from '../shared/errors.ts';

/**
 * The accelerator catalog: what a card of each kind is, so offers on different chips compare.
 * Operators edit the table (`exchange_accelerators`); the seed below is the vendor-reported
 * peak dense FP16 tensor throughput the platform starts with. Power is the board's rated
 * maximum (TDP/TBP) the vendor publishes.
 */
export interface Accelerator {
  /** Stable id offers name, e.g. `ascend-910b`. */
  id: string;
  vendor: string;
  model: string;
  origin: AcceleratorOrigin;
  memoryGb: number;
  /** Peak dense FP16 tensor TFLOPS, vendor-reported; one card-hour is this many milli-SCU. */
  fp16DenseTflops: number;
  powerWatts: number;
}

/** The catalog the platform is seeded with (docs/exchange.md cites the figures). */
export const seedAccelerators: readonly Accelerator[] = [
  {
    id: 'nvidia-h100-sxm',
    vendor: 'NVIDIA',
    model: 'H100 SXM',
    origin: 'imported',
    memoryGb: 80,
    fp16DenseTflops: 989,
    powerWatts: 700,
  },
  {
    id: 'nvidia-h800-sxm',
    vendor: 'NVIDIA',
    model: 'H800 SXM',
    origin: 'imported',
    memoryGb: 80,
    fp16DenseTflops: 989,
    powerWatts: 700,
  },
  {
    id: 'nvidia-a100-sxm',
    vendor: 'NVIDIA',
    model: 'A100 SXM',
    origin: 'imported',
    memoryGb: 80,
    fp16DenseTflops: 312,
    powerWatts: 400,
  },
  {
    id: 'nvidia-a800-sxm',
    vendor: 'NVIDIA',
    model: 'A800 SXM',
    origin: 'imported',
    memoryGb: 80,
    fp16DenseTflops: 312,
    powerWatts: 400,
  },
  {
    id: 'nvidia-h20',
    vendor: 'NVIDIA',
    model: 'H20',
    origin: 'imported',
    memoryGb: 96,
    fp16DenseTflops: 148,
    powerWatts: 400,
  },
  {
    id: 'nvidia-l40s',
    vendor: 'NVIDIA',
    model: 'L40S',
    origin: 'imported',
    memoryGb: 48,
    fp16DenseTflops: 362,
    powerWatts: 350,
  },
  // Reported 256–376 TFLOPS by variant; the catalog takes the commonly cited 320.
  {
    id: 'ascend-910b',
    vendor: 'Huawei',
    model: 'Ascend 910B',
    origin: 'domestic',
    memoryGb: 64,
    fp16DenseTflops: 320,
    powerWatts: 400,
  },
  {
    id: 'ascend-910',
    vendor: 'Huawei',
    model: 'Ascend 910 (2019)',
    origin: 'domestic',
    memoryGb: 32,
    fp16DenseTflops: 256,
    powerWatts: 310,
  },
];

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/u;
const TEXT_MAX = 100;

/** Checks an accelerator an operator enters; VALIDATION_FAILED naming the field. */
export function checkAccelerator(input: Accelerator): Accelerator {
  const fail = (field: string, rule: string): never => {
    throw new DomainError('VALIDATION_FAILED', `${field}: ${rule}`, { field });
  };
  if (!ID_PATTERN.test(input.id)) fail('id', 'lower-case letters, digits and dashes, 1–64');
  for (const field of ['vendor', 'model'] as const) {
    const text = input[field].trim();
    if (text.length === 0 || text.length > TEXT_MAX) fail(field, `1–${TEXT_MAX} characters`);
  }
  if (!(['domestic', 'imported'] as readonly string[]).includes(input.origin)) {
    fail('origin', 'domestic or imported');
  }
  const bounded: [keyof Accelerator, number][] = [
    ['memoryGb', 4096],
    ['fp16DenseTflops', 100_000],
    ['powerWatts', 100_000],
  ];
  for (const [field, max] of bounded) {
    const value = input[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      fail(field, `an integer from 1 to ${max}`);
    }
  }
  return { ...input, vendor: input.vendor.trim(), model: input.model.trim() };
}
