import type { TestPostgresDatabase } from './databases';

export interface PositionSeed {
  membernumber: string;
  positiontype: string;
  start_date: string;
  end_date?: string | null;
  facility_id?: string | null;
}

export async function insertPositions(
  db: TestPostgresDatabase,
  rows: PositionSeed[],
): Promise<void> {
  for (const row of rows) {
    await db.client.query(
      'insert into public.positions (membernumber, positiontype, facility_id, start_date, end_date) values ($1, $2, $3, $4, $5)',
      [
        row.membernumber,
        row.positiontype,
        row.facility_id ?? null,
        row.start_date,
        row.end_date ?? null,
      ],
    );
  }
}

/** A UTC calendar date `days` away from today, as `YYYY-MM-DD`. */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
