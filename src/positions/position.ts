/** One row of the positions table that is current on the day asked about. */
export interface PositionRecord {
  title: string;
  /** `YYYY-MM-DD` */
  startDate: string;
}
