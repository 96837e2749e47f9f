import type { DataSource } from 'typeorm';
import { MysqlDialect } from './mysql.dialect';
import type { SqlDialect } from './sql-dialect.interface';
import { SqliteDialect } from './sqlite.dialect';

export type { SqlDialect } from './sql-dialect.interface';

const dialects = new WeakMap<DataSource, SqlDialect>();

/**
 * The dialect of an initialised data source, chosen by its driver. One per
 * data source, because exclusive() must be shared by everything using it.
 */
export function sqlDialectFor(dataSource: DataSource): SqlDialect {
  let dialect = dialects.get(dataSource);
  if (!dialect) {
    dialect = createDialect(dataSource);
    dialects.set(dataSource, dialect);
  }
  return dialect;
}

function createDialect(dataSource: DataSource): SqlDialect {
  switch (dataSource.options.type) {
    case 'mysql':
    case 'mariadb':
      return new MysqlDialect();
    case 'sqljs':
      return new SqliteDialect(dataSource);
    default:
      throw new Error(`No SQL dialect for the database type ${dataSource.options.type}`);
  }
}
