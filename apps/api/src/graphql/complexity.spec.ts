import { buildSchema, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationCost } from './complexity';

const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(query), undefined, variables);

describe('the cost of an operation', () => {
  it('counts each field once, and a page of items as its size (first, default 50, at most 200) times each item', () => {
    expect(cost('{ units { id name { ru } } }')).toEqual({ cost: 1 + 10 * (1 + 2) });
    expect(cost('{ recommendations { edges { node { id } } } }')).toEqual({ cost: 1 + 50 * (1 + 2) });
    expect(cost('query($n: Int) { recommendations(first: $n) { edges { node { id } } } }', { n: 7 })).toEqual({ cost: 1 + 7 * 3 });
    expect(cost('{ recommendations(first: 100000) { edges { node { id } } } }')).toEqual({ cost: 1 + 200 * 3 });
  });

  it('costs a list without first as ten items, and a connection’s own list as its page only', () => {
    expect(cost('{ units { id } }')).toEqual({ cost: 1 + 10 * 1 });
    expect(cost('query($id: ID!) { meeting(id: $id) { recommendations { id timeline { __typename } } } }', { id: 'm' })).toEqual({
      cost: 1 + (1 + 10 * (1 + (1 + 10 * 1))),
    });
    // edges is the page recommendations(first) already counts.
    expect(cost('{ recommendations(first: 5) { edges { node { id } } } }')).toEqual({ cost: 1 + 5 * (1 + 2) });
  });

  it('refuses a list asked for within itself, through an object or a fragment, whatever its cost', () => {
    const refused = (query: string) => {
      const result = cost(query, { id: 'm' });
      return 'errors' in result ? [result.errors[0]!.extensions.code, result.errors[0]!.message] : result;
    };
    expect(refused('query($id: ID!) { meeting(id: $id) { recommendations { meeting { recommendations { id } } } } }')).toEqual([
      'QUERY_TOO_COMPLEX',
      'Meeting.recommendations is asked for within itself: ask for it once, and for what else you need by its id',
    ]);
    expect(
      refused(
        'query($id: ID!) { meeting(id: $id) { ...M } } fragment M on Meeting { agenda { recommendations { meeting { agenda { itemId } } } } }',
      ),
    ).toEqual(['QUERY_TOO_COMPLEX', expect.stringMatching(/^Meeting.agenda is asked for within itself/)]);
    // Two different lists, one inside the other, are costed as usual.
    expect(refused('query($id: ID!) { meeting(id: $id) { agenda { recommendations { id } } } }')).toEqual({
      cost: 1 + (1 + 10 * (1 + 10 * 1)),
    });
    // The same list side by side (not within itself) is fine.
    expect(refused('query($id: ID!) { meeting(id: $id) { recommendations { id } agenda { itemId } } }')).toEqual({ cost: 1 + 11 + 11 });
  });

  it('takes a fragment spread twice in one selection once, as execution does', () => {
    const once = cost('{ units { ...U } } fragment U on Unit { id name { ru } }');
    expect(cost('{ units { ...U ...U } } fragment U on Unit { id name { ru } }')).toEqual(once);
  });

  it('costs a chain of forty fragments that each spread the next twice without walking its 2^40 paths', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Unit { id parentUnit { ...F${i + 1} ...F${i + 1} } }`).join(' ');
    const result = cost(`{ units { ...F0 } } ${chain} fragment F40 on Unit { id }`);
    // Forty nested units of two fields each, plus the leaf: what would actually be resolved per unit (ten units).
    expect(result).toEqual({ cost: 1 + 10 * (40 * 2 + 1) });
  });

  it('answers BAD_USER_INPUT for variables that cannot be coerced', () => {
    const result = cost('query($n: Int) { recommendations(first: $n) { totalCount } }', { n: 'many' });
    expect('errors' in result && result.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});
