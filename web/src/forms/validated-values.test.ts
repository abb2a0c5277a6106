import { describe, expect, it } from 'vitest';
import { validatedValues } from './validated-values.ts';

/** A form whose validations answer, in turn, what `outcomes` says. */
function formAnswering(outcomes: ('ok' | 'outOfDate' | 'invalid')[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    validateFields: () => {
      const outcome = outcomes[calls] ?? 'ok';
      calls += 1;
      if (outcome === 'ok') return Promise.resolve({ amountYuan: '200000' });
      // antd rejects with a plain object, not an Error: the fake does as antd does.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(
        outcome === 'outOfDate'
          ? { errorFields: [], outOfDate: true }
          : { errorFields: [{ name: ['amountYuan'], errors: ['an amount above zero'] }] },
      );
    },
  };
}

describe('validatedValues', () => {
  it('gives the values when they pass', async () => {
    expect(await validatedValues(formAnswering(['ok']))).toEqual({ amountYuan: '200000' });
  });

  it('validates again when a newer validation overtook the first (antd: outOfDate)', async () => {
    const form = formAnswering(['outOfDate', 'ok']);
    expect(await validatedValues(form)).toEqual({ amountYuan: '200000' });
    expect(form.calls).toBe(2);
  });

  it('gives null when a field fails its rule (the form shows why), without trying again', async () => {
    const form = formAnswering(['invalid', 'ok']);
    expect(await validatedValues(form)).toBeNull();
    expect(form.calls).toBe(1);
  });

  it('gives up after three overtaken validations', async () => {
    const form = formAnswering(['outOfDate', 'outOfDate', 'outOfDate', 'ok']);
    expect(await validatedValues(form)).toBeNull();
    expect(form.calls).toBe(3);
  });
});
