/**
 * Union positions for the sample members (docs/reference.md, "Data the service reads"): current ones,
 * ended ones that must not show, and a member with several at once.
 */
export interface PositionRow {
  membernumber: string;
  positiontype: string;
  facility_id: string | null;
  start_date: string;
  end_date: string | null;
}

export const POSITIONS: readonly PositionRow[] = [
  {
    membernumber: '10001',
    positiontype: 'Facility Representative',
    facility_id: 'ZAU',
    start_date: '2023-01-01',
    end_date: null,
  },
  {
    membernumber: '10001',
    positiontype: 'Legislative Representative',
    facility_id: 'ZAU',
    start_date: '2021-06-01',
    end_date: null,
  },
  {
    membernumber: '10001',
    positiontype: 'Area Representative',
    facility_id: 'ZAU',
    start_date: '2019-01-01',
    end_date: '2022-12-31',
  },
  {
    membernumber: '10002',
    positiontype: 'Facility Representative',
    facility_id: 'BOS',
    start_date: '2010-01-01',
    end_date: '2018-12-31',
  },
  {
    membernumber: '10003',
    positiontype: 'Regional Vice President',
    facility_id: null,
    start_date: '2024-01-01',
    end_date: null,
  },
  {
    membernumber: '10004',
    positiontype: 'Safety Representative',
    facility_id: 'ZOA',
    start_date: '2025-02-01',
    end_date: null,
  },
];

/** Runs one statement with `$1`-style placeholders (PGlite or pg). */
export type RunPgSql = (sql: string, params: unknown[]) => Promise<unknown>;

export async function seedPositions(run: RunPgSql): Promise<void> {
  for (const p of POSITIONS) {
    await run(
      'insert into public.positions (membernumber, positiontype, facility_id, start_date, end_date) values ($1, $2, $3, $4, $5)',
      [p.membernumber, p.positiontype, p.facility_id, p.start_date, p.end_date],
    );
  }
}
