import { DynamicModule, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import type { MixedList } from 'typeorm';
import { databaseConfig } from '../config/database.config';
import { mysqlConfig } from '../config/mysql.config';
import { MigrationRunner } from './migration-runner';
import { MysqlPoolWatchdog } from './mysql-pool.watchdog';

type Migration = MixedList<string | (new () => unknown)>;

/**
 * The one database connection of the process: a MySQL/MariaDB pool, or for
 * the sandbox an in-memory SQLite (DB_TYPE=sqljs). Feature modules register
 * their own entities with TypeOrmModule.forFeature; the composition root
 * passes the service's own migrations. Nothing is ever synchronised, so the
 * legacy tables are never altered. SQL that differs between the two goes
 * through the data source's SqlDialect (sql-dialect.ts).
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: { migrations: Migration } = { migrations: [] }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [databaseConfig.KEY, mysqlConfig.KEY],
          useFactory: (
            database: ConfigType<typeof databaseConfig>,
            mysql: ConfigType<typeof mysqlConfig>,
          ): TypeOrmModuleOptions => {
            const common = {
              autoLoadEntities: true,
              synchronize: false,
              migrations: options.migrations as (new () => unknown)[],
              migrationsRun: false,
              migrationsTableName: 'service_migrations',
              logging: false,
              // Fail fast when the database is down instead of retrying for half a minute:
              // callers have their own retry (the inbox) or a caller waiting (lookup).
              retryAttempts: 1,
            };
            if (database.type === 'sqljs') {
              // Lives and dies with the process: nothing is saved anywhere.
              return { ...common, type: 'sqljs', autoSave: false };
            }
            return {
              ...common,
              type: 'mysql',
              host: mysql.host,
              port: mysql.port,
              username: mysql.user,
              password: mysql.password,
              database: mysql.database,
              charset: 'utf8mb4_unicode_ci',
              timezone: 'Z',
              poolSize: mysql.poolSize,
              // TypeORM hands pool options to mysql2 only through `extra`.
              extra: {
                // TCP keep-alive probes after 10 s idle keep NAT entries fresh; the idle
                // timeout closes what sits unused longer (mysql2 applies it only while
                // maxIdle < connectionLimit, so one connection fewer may stay idle).
                enableKeepAlive: true,
                keepAliveInitialDelay: 10_000,
                idleTimeout: mysql.idleTimeoutMs,
                maxIdle: mysql.poolSize - 1,
                connectTimeout: Math.min(mysql.queryTimeoutMs, 10_000),
                waitForConnections: true,
                queueLimit: 0,
              },
            };
          },
        }),
      ],
      providers: [MysqlPoolWatchdog, MigrationRunner],
    };
  }
}
