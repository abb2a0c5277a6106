import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { checkNewPassword, weakPasswordReason } from './password-policy.ts';

const listed = new Set(['password', 'qwertyuiop', 'manchester']);
const reasonOf = (password: string, email = 'li.wei@example.cn') =>
  weakPasswordReason({ password, email, isCommon: (candidate) => listed.has(candidate) });

describe('checkNewPassword', () => {
  it('accepts passphrases and the demo password, with no composition rules', () => {
    for (const password of [
      'correct horse battery staple',
      'suanli-demo-2025',
      'all lower case words here',
      '西湖边的算力券很好用',
      'Tr0ub4dor&3 not the password',
    ]) {
      expect(reasonOf(password), password).toBeUndefined();
    }
  });

  it('refuses listed passwords, also in capitals and with digits or symbols around them', () => {
    expect(reasonOf('QwertyUiop')).toBe('common');
    expect(reasonOf('Password2025!')).toBe('common');
    expect(reasonOf('!!manchester1')).toBe('common');
  });

  it('refuses repetitive and sequential strings', () => {
    expect(reasonOf('aaaaaaaaaa')).toBe('repetitive');
    expect(reasonOf('abababababab')).toBe('repetitive');
    expect(reasonOf('pass1pass1pass1')).toBe('repetitive');
    expect(reasonOf('1234567890')).toBe('sequential');
    expect(reasonOf('0987654321')).toBe('sequential');
    expect(reasonOf('abcdefghijk')).toBe('sequential');
    expect(reasonOf('aaaaa12345')).toBe('sequential');
    expect(reasonOf('uvwxyzabcd')).toBe('sequential');
  });

  it('refuses the email name inside the password, and the product name with digits only', () => {
    expect(reasonOf('my name is LiWei ok', 'li.wei@example.cn')).toBe('email');
    expect(reasonOf('zhangsan#2025!x', 'zhangsan+test@example.cn')).toBe('email');
    // Too short a name to forbid: "li" occurs in many words.
    expect(reasonOf('lightning over the lake', 'li@example.cn')).toBeUndefined();
    expect(reasonOf('Suanli2025!!')).toBe('product');
    expect(reasonOf('算力2025-2026!')).toBe('product');
  });

  it('counts code points and names the field in every refusal', () => {
    const refusal = (password: string): DomainError => {
      try {
        checkNewPassword({ password, email: 'a@b.cn', isCommon: () => false });
      } catch (error) {
        if (error instanceof DomainError) return error;
      }
      throw new Error(`accepted ${password}`);
    };
    expect(refusal('短短短的密码九个字').code).toBe('VALIDATION_FAILED');
    expect(() => {
      checkNewPassword({
        password: '十个字的中文密码好了',
        email: 'a@b.cn',
        isCommon: () => false,
      });
    }).not.toThrow();
    expect(refusal('x'.repeat(201)).details).toEqual({ field: 'password' });
    expect(refusal('aaaaaaaaaa')).toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
      details: { field: 'password', reason: 'repetitive' },
    });
    expect(refusal('1234567890').code).toBe('PASSWORD_TOO_WEAK');
  });

  it('never refuses a password of four or more random words for being weak', () => {
    const word = fc.stringMatching(/^[a-z]{5,9}$/);
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 4, maxLength: 6 }), (words) => {
        const password = words.join(' ');
        // Only the rules that inspect the shape; the list is empty here.
        const reason = weakPasswordReason({ password, email: 'x@y.cn', isCommon: () => false });
        expect(reason).toBe(new Set(password).size < 4 ? 'repetitive' : undefined);
      }),
    );
  });
});
