import { currentTitles } from './current-titles';

describe('currentTitles', () => {
  it('orders newest start first, then alphabetically', () => {
    expect(
      currentTitles([
        { title: 'Area Representative', startDate: '2024-01-01' },
        { title: 'Facility President', startDate: '2025-06-01' },
        { title: 'Alternate Rep', startDate: '2024-01-01' },
      ]),
    ).toEqual(['Facility President', 'Alternate Rep', 'Area Representative']);
  });

  it('keeps each title once, placed by its newest row', () => {
    expect(
      currentTitles([
        { title: 'Delegate', startDate: '2020-01-01' },
        { title: 'Treasurer', startDate: '2023-01-01' },
        { title: 'Delegate', startDate: '2025-01-01' },
      ]),
    ).toEqual(['Delegate', 'Treasurer']);
  });

  it('returns an empty list for no rows', () => {
    expect(currentTitles([])).toEqual([]);
  });
});
