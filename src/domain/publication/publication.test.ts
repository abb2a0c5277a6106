import { describe, expect, it } from 'vitest';
import {
  close,
  isObjectionWindowOpen,
  publish,
  validateObjectionWindowDays,
  type PublicationStatus,
} from './publication.ts';

const draft: PublicationStatus = {
  state: 'draft',
  objectionWindowDays: 5,
  publishedAt: null,
  objectionWindowClosesAt: null,
  closedAt: null,
};
const t0 = new Date('2025-07-01T02:00:00Z');
const day = 86_400_000;

describe('publication state machine', () => {
  it('publishing opens the window for exactly the configured days', () => {
    const published = publish(draft, t0);
    expect(published.state).toBe('published');
    expect(published.objectionWindowClosesAt?.getTime()).toBe(t0.getTime() + 5 * day);
    expect(isObjectionWindowOpen(published, new Date(t0.getTime() + 5 * day - 1))).toBe(true);
    expect(isObjectionWindowOpen(published, new Date(t0.getTime() + 5 * day))).toBe(false);
    expect(isObjectionWindowOpen(draft, t0)).toBe(false);
  });

  it('closes only after the window and with every objection resolved', () => {
    const published = publish(draft, t0);
    const during = new Date(t0.getTime() + day);
    const after = new Date(t0.getTime() + 5 * day);
    expect(() => close(published, 0, during)).toThrow(/still open/);
    expect(() => close(published, 1, after)).toThrow(/not resolved/);
    const closed = close(published, 0, after);
    expect(closed).toMatchObject({ state: 'closed', closedAt: after });
    expect(isObjectionWindowOpen(closed, after)).toBe(false);
  });

  it('refuses every other transition with INVALID_STATE_TRANSITION', () => {
    const published = publish(draft, t0);
    const closed = close(published, 0, new Date(t0.getTime() + 6 * day));
    const attempts = [
      () => publish(published, t0),
      () => publish(closed, t0),
      () => close(draft, 0, t0),
      () => close(closed, 0, t0),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }));
    }
  });

  it('window length is 1 to 30 whole days', () => {
    expect(validateObjectionWindowDays(7)).toBe(7);
    for (const days of [0, 31, 2.5, Number.NaN]) {
      expect(() => validateObjectionWindowDays(days)).toThrow(
        expect.objectContaining({ details: { field: 'objectionWindowDays' } }),
      );
    }
  });
});
