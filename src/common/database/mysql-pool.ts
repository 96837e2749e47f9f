import type { Pool } from 'mysql2';
import type { DataSource } from 'typeorm';

/** mysql2's pool under TypeORM's MySQL driver; undefined on another database (the sandbox's SQLite). */
export function mysqlPoolOf(dataSource: DataSource): Pool | undefined {
  const driver = dataSource.driver as { options: { type: string }; pool?: Pool };
  return driver.options.type === 'mysql' || driver.options.type === 'mariadb'
    ? driver.pool
    : undefined;
}
