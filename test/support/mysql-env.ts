import { MYSQL } from './databases';

/** Environment variables that point the service's MySQL settings at a test database. */
export function mysqlEnv(database: string): Record<string, string> {
  return {
    MYSQL_HOST: MYSQL.host,
    MYSQL_PORT: String(MYSQL.port),
    MYSQL_USER: MYSQL.user,
    MYSQL_PASS: MYSQL.password,
    MYSQL_DB: database,
  };
}
