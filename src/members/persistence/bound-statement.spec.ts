import type { SelectQueryBuilder } from 'typeorm';
import { bindOnce } from './bound-statement';

/** A stand-in for TypeORM's builder: the SQL and the parameters in their order. */
function builderFor(sql: string, parameters: (value: string) => unknown[]) {
  return (value: string) =>
    ({
      getQueryAndParameters: () => [sql, parameters(value)],
    }) as unknown as SelectQueryBuilder<object>;
}

describe('bindOnce', () => {
  it('builds the SQL once and puts each call’s value wherever the builder put it', () => {
    const build = jest.fn(
      builderFor('SELECT 1 WHERE a IN (?, ?) AND e = ? AND f = ?', (value) => [
        'Active',
        'Retired',
        value,
        value,
      ]),
    );
    const statement = bindOnce(build);

    expect(statement.bind('one@example.com')).toEqual([
      'Active',
      'Retired',
      'one@example.com',
      'one@example.com',
    ]);
    expect(statement.bind('two@example.com')).toEqual([
      'Active',
      'Retired',
      'two@example.com',
      'two@example.com',
    ]);
    expect(statement.sql).toBe('SELECT 1 WHERE a IN (?, ?) AND e = ? AND f = ?');
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('refuses a statement that does not take its value as a parameter', () => {
    expect(() => bindOnce(builderFor('SELECT 1', () => ['Active']))).toThrow(
      /does not use its value/,
    );
  });
});
