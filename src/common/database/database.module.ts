import { DynamicModule, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MixedList } from 'typeorm';
import { mysqlConfig } from '../config/mysql.config';
import { MigrationRunner } from './migration-runner';

type Migration = MixedList<string | (new () => unknown)>;

/**
 * The one MySQL/MariaDB connection pool of the process. Feature modules
 * register their own entities with TypeOrmModule.forFeature; the composition
 * root passes the service's own migrations. Nothing is ever synchronised, so
 * the legacy tables are never altered.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: { migrations: Migration } = { migrations: [] }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [mysqlConfig.KEY],
          useFactory: (mysql: ConfigType<typeof mysqlConfig>) => ({
            type: 'mysql' as const,
            host: mysql.host,
            port: mysql.port,
            username: mysql.user,
            password: mysql.password,
            database: mysql.database,
            charset: 'utf8mb4_unicode_ci',
            timezone: 'Z',
            poolSize: mysql.poolSize,
            autoLoadEntities: true,
            synchronize: false,
            migrations: options.migrations as (new () => unknown)[],
            migrationsRun: false,
            migrationsTableName: 'service_migrations',
            logging: false,
            // Fail fast when MySQL is down instead of retrying for half a minute:
            // callers have their own retry (the inbox) or a caller waiting (lookup).
            retryAttempts: 1,
            extra: {
              enableKeepAlive: true,
              keepAliveInitialDelay: 10_000,
              connectTimeout: Math.min(mysql.queryTimeoutMs, 10_000),
              waitForConnections: true,
              queueLimit: 0,
            },
          }),
        }),
      ],
      providers: [MigrationRunner],
    };
  }
}
