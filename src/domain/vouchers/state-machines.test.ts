import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../shared/errors.ts';
import {
  applicationStates,
  applicationTransitions,
  finalApplicationStates,
  transitionApplication,
  type ApplicationAction,
} from './application.ts';
import {
  claimStates,
  claimTransitions,
  clawbackAction,
  transitionClaim,
  type ClaimAction,
} from './claim.ts';
import { grantStates, grantTransitions, isGrantUsable, transitionGrant } from './grant.ts';
import { allowedActions } from './state-machine.ts';

const now = new Date('2025-06-01T00:00:00Z');

describe('application state machine', () => {
  it('walks draft → submitted → returned → submitted → approved', () => {
    let state = transitionApplication('draft', 'submit', now).to;
    state = transitionApplication(state, 'return', now).to;
    expect(state).toBe('returned');
    state = transitionApplication(state, 'submit', now).to;
    expect(transitionApplication(state, 'approve', now)).toEqual({
      from: 'submitted',
      to: 'approved',
      action: 'approve',
      at: now,
    });
  });

  it('refuses every action from a final state with INVALID_STATE_TRANSITION', () => {
    const actions = Object.keys(applicationTransitions) as ApplicationAction[];
    for (const state of finalApplicationStates) {
      for (const action of actions) {
        expect(() => transitionApplication(state, action, now)).toThrow(
          expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }) as Error,
        );
      }
    }
  });

  it('cannot approve a draft or a returned application (a reviewer sees only submitted ones)', () => {
    expect(() => transitionApplication('draft', 'approve', now)).toThrow(DomainError);
    expect(() => transitionApplication('returned', 'approve', now)).toThrow(DomainError);
  });

  it('accepts exactly the table: every (state, action) either follows it or throws', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...applicationStates),
        fc.constantFrom(...(Object.keys(applicationTransitions) as ApplicationAction[])),
        (state, action) => {
          const rule = applicationTransitions[action];
          if (rule.from.includes(state)) {
            expect(transitionApplication(state, action, now).to).toBe(rule.to);
          } else {
            expect(() => transitionApplication(state, action, now)).toThrow(DomainError);
          }
        },
      ),
    );
  });
});

describe('grant state machine', () => {
  it('closes an active grant by expiry, void or clawback, and never reopens a closed one', () => {
    expect(transitionGrant('active', 'expire', now).to).toBe('expired');
    expect(transitionGrant('exhausted', 'void', now).to).toBe('voided');
    expect(transitionGrant('expired', 'claw_back', now).to).toBe('clawed_back');
    for (const state of ['expired', 'voided', 'clawed_back'] as const) {
      expect(() => transitionGrant(state, 'replenish', now)).toThrow(DomainError);
      expect(() => transitionGrant(state, 'void', now)).toThrow(DomainError);
    }
    expect(allowedActions(grantTransitions, 'clawed_back')).toEqual([]);
  });

  it('is usable only while active and before its expiry', () => {
    const expiresAt = new Date('2025-06-02T00:00:00Z');
    expect(isGrantUsable('active', expiresAt, now)).toBe(true);
    expect(isGrantUsable('active', expiresAt, expiresAt)).toBe(false);
    expect(isGrantUsable('exhausted', expiresAt, now)).toBe(false);
    expect(grantStates).toContain('exhausted');
  });
});

describe('claim state machine', () => {
  it('walks the happy path draft → submitted → evidence_complete → redeemed → paid', () => {
    const path: ClaimAction[] = ['submit', 'complete_evidence', 'redeem', 'pay'];
    let state: (typeof claimStates)[number] = 'draft';
    for (const action of path) state = transitionClaim(state, action, now).to;
    expect(state).toBe('paid');
  });

  it('cannot redeem before the evidence is complete, nor pay before redemption', () => {
    expect(() => transitionClaim('submitted', 'redeem', now)).toThrow(
      /claim in state 'submitted' cannot 'redeem'/,
    );
    expect(() => transitionClaim('evidence_complete', 'pay', now)).toThrow(DomainError);
  });

  it('claws back only what was redeemed or paid; rejects only before payout', () => {
    for (const state of claimStates) {
      const canClawBack = claimTransitions.claw_back.from.includes(state);
      expect(canClawBack).toBe(state === 'redeemed' || state === 'paid');
      const canReject = claimTransitions.reject.from.includes(state);
      expect(canReject).toBe(
        ['draft', 'submitted', 'evidence_complete', 'redeemed'].includes(state),
      );
    }
  });

  it('a partial clawback keeps the claim payable (or paid); taking all it holds ends it', () => {
    expect(clawbackAction('redeemed', 6_000_000n, 1n)).toBe('claw_back_part');
    expect(transitionClaim('redeemed', 'claw_back_part', now).to).toBe('redeemed');
    expect(transitionClaim('redeemed', 'pay', now).to).toBe('paid');
    expect(clawbackAction('paid', 6_000_000n, 1n)).toBe('claw_back_paid_part');
    expect(transitionClaim('paid', 'claw_back_paid_part', now).to).toBe('paid');
    expect(clawbackAction('redeemed', 5_999_999n, 5_999_999n)).toBe('claw_back');
    expect(transitionClaim('redeemed', 'claw_back', now).to).toBe('clawed_back');
    expect(allowedActions(claimTransitions, 'clawed_back')).toEqual([]);
  });
});
