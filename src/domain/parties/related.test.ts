import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeAddress, normalizePhone } from './normalize.ts';
import {
  findRelatedParties,
  isCertainlyRelated,
  type PartyPerson,
  type PartyProfile,
} from './related.ts';

function party(id: string, extra: Partial<PartyProfile> = {}): PartyProfile {
  return {
    id,
    kind: 'enterprise',
    uscc: `USCC-${id}`,
    name: `Party ${id}`,
    phone: null,
    address: null,
    people: [],
    ...extra,
  };
}

function person(partyId: string, extra: Partial<PartyPerson>): PartyPerson {
  return {
    id: `${partyId}-${extra.name ?? 'p'}`,
    partyId,
    name: '张三',
    role: 'legal_representative',
    idDocumentHash: null,
    phone: null,
    ...extra,
  };
}

describe('findRelatedParties', () => {
  it('finds nothing between unconnected parties', () => {
    expect(findRelatedParties(party('a'), party('b'))).toEqual([]);
  });

  it('finds a shared legal representative by identity document (certain)', () => {
    const a = party('a', { people: [person('a', { name: '张三', idDocumentHash: 'h1' })] });
    const b = party('b', { people: [person('b', { name: '张 三', idDocumentHash: 'h1' })] });
    const reasons = findRelatedParties(a, b);
    expect(reasons).toMatchObject([
      {
        kind: 'shared_legal_representative',
        confidence: 'certain',
        evidence: { matchedBy: 'id_document' },
      },
    ]);
    expect(isCertainlyRelated(reasons)).toBe(true);
  });

  it('does not match two people of one name whose documents differ', () => {
    const a = party('a', { people: [person('a', { idDocumentHash: 'h1' })] });
    const b = party('b', { people: [person('b', { idDocumentHash: 'h2' })] });
    expect(findRelatedParties(a, b)).toEqual([]);
  });

  it('marks a name-only match as probable', () => {
    const a = party('a', { people: [person('a', { role: 'shareholder' })] });
    const b = party('b', { people: [person('b', { role: 'shareholder', idDocumentHash: 'h' })] });
    const reasons = findRelatedParties(a, b);
    expect(reasons).toMatchObject([{ kind: 'shared_shareholder', confidence: 'probable' }]);
    expect(isCertainlyRelated(reasons)).toBe(false);
  });

  it('reports a person with different roles as a shared person', () => {
    const a = party('a', { people: [person('a', { idDocumentHash: 'h' })] });
    const b = party('b', { people: [person('b', { role: 'shareholder', idDocumentHash: 'h' })] });
    expect(findRelatedParties(a, b)).toMatchObject([
      {
        kind: 'shared_person',
        evidence: { roleInA: 'legal_representative', roleInB: 'shareholder' },
      },
    ]);
  });

  it('finds the same phone in any spelling, also a person phone against a party phone', () => {
    const a = party('a', { phone: '+86 571 8888 6666' });
    const b = party('b', {
      kind: 'provider',
      people: [person('b', { name: '李四', role: 'contact', phone: '(0571) 88886666' })],
    });
    expect(findRelatedParties(a, b)).toMatchObject([
      {
        kind: 'same_phone',
        confidence: 'certain',
        evidence: {
          phone: '057188886666',
          sourceInA: 'enterprise phone',
          sourceInB: 'contact 李四',
        },
      },
    ]);
  });

  it('finds the same address after normalisation (probable) and the same USCC (certain)', () => {
    const a = party('a', { address: '中国浙江省 杭州市西湖区（文三路）１号', uscc: 'X' });
    const b = party('b', { address: '浙江省杭州市西湖区文三路1号', uscc: 'X' });
    expect(findRelatedParties(a, b).map((r) => [r.kind, r.confidence])).toEqual([
      ['same_uscc', 'certain'],
      ['same_address', 'probable'],
    ]);
  });

  it('uses explicit links in either direction', () => {
    const links = [{ id: 'l1', partyAId: 'b', partyBId: 'a', reason: 'same group' }];
    expect(findRelatedParties(party('a'), party('b'), links)).toMatchObject([
      { kind: 'explicit_link', evidence: { linkId: 'l1', reason: 'same group' } },
    ]);
    expect(findRelatedParties(party('a'), party('c'), links)).toEqual([]);
  });

  it('is symmetric in whether and how parties are related', () => {
    const people = fc.array(
      fc.record({
        name: fc.constantFrom('张三', '李四', '王五'),
        role: fc.constantFrom<PartyPerson['role']>(
          'legal_representative',
          'shareholder',
          'contact',
        ),
        idDocumentHash: fc.option(fc.constantFrom('h1', 'h2'), { nil: null }),
        phone: fc.option(fc.constantFrom('13800000000', '+86 13800000001'), { nil: null }),
      }),
      { maxLength: 3 },
    );
    const profile = (id: string) =>
      fc
        .record({
          people,
          phone: fc.option(fc.constantFrom('13800000000', '0571-88886666'), { nil: null }),
          address: fc.option(fc.constantFrom('杭州1号', '杭州 1 号', '成都2号'), { nil: null }),
        })
        .map((fields) => party(id, { ...fields, people: fields.people.map((p) => person(id, p)) }));
    fc.assert(
      fc.property(profile('a'), profile('b'), (a, b) => {
        const kinds = (list: ReturnType<typeof findRelatedParties>) =>
          list.map((reason) => `${reason.kind}/${reason.confidence}`).sort();
        const ab = findRelatedParties(a, b);
        const ba = findRelatedParties(b, a);
        expect(isCertainlyRelated(ab)).toBe(isCertainlyRelated(ba));
        expect(kinds(ab)).toEqual(kinds(ba));
      }),
    );
  });
});

describe('normalisation', () => {
  it('folds phone spellings to national digits', () => {
    expect(normalizePhone('+86 138-0000-0000')).toBe('13800000000');
    expect(normalizePhone('8613800000000')).toBe('13800000000');
    expect(normalizePhone('0086 571 88886666')).toBe('057188886666');
    expect(normalizePhone('0571-88886666')).toBe('057188886666');
    expect(normalizePhone('call me')).toBeNull();
    expect(normalizePhone('123')).toBeNull();
  });

  it('folds address spellings', () => {
    expect(normalizeAddress('中华人民共和国 北京市海淀区 ,中关村 ２号')).toBe(
      '北京市海淀区中关村2号',
    );
  });
});
