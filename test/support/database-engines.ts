/**
 * The service's database on each engine it runs on: the machine's real MariaDB
 * and the sandbox's in-memory SQLite (DB_TYPE=sqljs). Tests that run on both
 * prove the repositories mean the same thing on each (the SQL that differs
 * lives in SqlDialect). The legacy member tables come from
 * test/sql/members-schema.sql on MariaDB, and from the SQLite form the sandbox
 * derives from that file.
 */
import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { sqliteMembersSchema } from '../../sandbox/seed/sqlite-members-schema';
import { ConfigModule } from '../../src/common/config/config.module';
import { DatabaseModule } from '../../src/common/database/database.module';
import { createMysqlDatabase } from './databases';
import { mysqlEnv } from './mysql-env';

type Migrations = Parameters<typeof DatabaseModule.forRoot>[0];

export interface EngineOptions extends Pick<ModuleMetadata, 'imports' | 'providers'> {
  /** The service's own migrations to apply at start. */
  migrations?: NonNullable<Migrations>['migrations'];
  /** Create the legacy member tables (default false). */
  memberTables?: boolean;
}

export interface EngineDatabase {
  /** ConfigModule and DatabaseModule on this engine, plus the options' imports and providers. */
  moduleRef: TestingModule;
  /** One statement with `?` placeholders, straight to the database. */
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseEngine {
  name: string;
  open(options?: EngineOptions): Promise<EngineDatabase>;
}

/** Builds the module with `env` set; the environment is restored afterwards. */
async function compile(env: Record<string, string>, options: EngineOptions) {
  const previous = { ...process.env };
  Object.assign(process.env, env);
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DatabaseModule.forRoot({ migrations: options.migrations ?? [] }),
        ...(options.imports ?? []),
      ],
      providers: options.providers ?? [],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  } finally {
    process.env = previous;
  }
}

export const MARIADB: DatabaseEngine = {
  name: 'real MariaDB',
  async open(options = {}) {
    const db = await createMysqlDatabase({ schema: options.memberTables ?? false });
    const moduleRef = await compile({ DB_TYPE: 'mysql', ...mysqlEnv(db.name) }, options);
    return {
      moduleRef,
      query: (sql, params) => db.query(sql, params),
      async close() {
        await moduleRef.close();
        await db.drop();
      },
    };
  },
};

export const SQLJS: DatabaseEngine = {
  name: 'SQLite through sql.js, as the sandbox runs',
  async open(options = {}) {
    const moduleRef = await compile({ DB_TYPE: 'sqljs' }, options);
    const dataSource = moduleRef.get(DataSource);
    if (options.memberTables) {
      for (const statement of sqliteMembersSchema()) await dataSource.query(statement);
    }
    return {
      moduleRef,
      query: <T>(sql: string, params: unknown[] = []) => dataSource.query<T>(sql, params),
      close: () => moduleRef.close(),
    };
  },
};

export const DATABASE_ENGINES: readonly DatabaseEngine[] = [MARIADB, SQLJS];
