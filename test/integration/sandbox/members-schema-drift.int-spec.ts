/**
 * The sandbox's member database cannot drift from the one the real tests use:
 * the SQLite schema derived from test/sql/members-schema.sql has the same
 * tables, columns, keys and indexes as that file creates on MariaDB; the
 * sandbox's sample rows fit the real schema; and the service's lookups answer
 * the same for every sample on both engines.
 */
import { MEMBERS, seedMembers } from '../../../sandbox/seed/members.seed';
import {
  SchemaConversionError,
  sqliteMembersSchema,
} from '../../../sandbox/seed/sqlite-members-schema';
import type { Member } from '../../../src/members/member';
import { MemberRepository } from '../../../src/members/member.repository';
import { MembersModule } from '../../../src/members/members.module';
import { MARIADB, SQLJS, type EngineDatabase } from '../../support/database-engines';

/** One line per column and per index, spelled the same for both engines. */
type SchemaShape = Record<string, string[]>;

function normalType(type: string): string {
  // MariaDB shows display widths (int(11)); they mean nothing for the data.
  return type.toLowerCase().replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1');
}

function normalDefault(value: string | null): string | null {
  // MariaDB reports the implicit default of a nullable column as the text NULL.
  if (value === null || value.toUpperCase() === 'NULL') return null;
  return value.toLowerCase().replace(/\(\)$/, '');
}

function column(
  name: string,
  type: string,
  nullable: boolean,
  primary: boolean,
  fallback: string | null,
): string {
  const defaultValue = normalDefault(fallback);
  return [
    name,
    normalType(type),
    nullable ? 'NULL' : 'NOT NULL',
    primary ? 'PRIMARY KEY' : '',
    defaultValue === null ? '' : `DEFAULT ${defaultValue}`,
  ]
    .filter(Boolean)
    .join(' ');
}

function foreignKey(name: string, table: string, target: string): string {
  return `FOREIGN KEY (${name}) REFERENCES ${table}(${target})`;
}

async function mariadbShape(db: EngineDatabase): Promise<SchemaShape> {
  const columns = await db.query<
    Array<{ t: string; c: string; type: string; nullable: string; k: string; d: string | null }>
  >(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
            COLUMN_KEY AS k, COLUMN_DEFAULT AS d
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const indexes = await db.query<Array<{ t: string; nonUnique: number; cols: string }>>(
    `SELECT TABLE_NAME AS t, NON_UNIQUE AS nonUnique,
            GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'
      GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE`,
  );
  const references = await db.query<Array<{ t: string; c: string; rt: string; rc: string }>>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, REFERENCED_TABLE_NAME AS rt, REFERENCED_COLUMN_NAME AS rc
       FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL`,
  );
  const shape: SchemaShape = {};
  for (const r of references) (shape[r.t] ??= []).push(foreignKey(r.c, r.rt, r.rc));
  for (const c of columns) {
    (shape[c.t] ??= []).push(column(c.c, c.type, c.nullable === 'YES', c.k === 'PRI', c.d));
  }
  for (const i of indexes) {
    shape[i.t].push(`${Number(i.nonUnique) === 0 ? 'UNIQUE ' : ''}INDEX (${i.cols})`);
  }
  return shape;
}

async function sqliteShape(db: EngineDatabase): Promise<SchemaShape> {
  const tables = await db.query<Array<{ name: string }>>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  const shape: SchemaShape = {};
  for (const { name } of tables) {
    const columns = await db.query<
      Array<{ name: string; type: string; notnull: number; pk: number; dflt_value: string | null }>
    >(`PRAGMA table_info(${name})`);
    shape[name] = columns.map((c) =>
      column(c.name, c.type, c.notnull === 0, c.pk > 0, c.dflt_value),
    );
    const references = await db.query<Array<{ table: string; from: string; to: string }>>(
      `PRAGMA foreign_key_list(${name})`,
    );
    for (const r of references) shape[name].push(foreignKey(r.from, r.table, r.to));
    const indexes = await db.query<Array<{ name: string; unique: number; origin: string }>>(
      `PRAGMA index_list(${name})`,
    );
    for (const index of indexes.filter((i) => i.origin !== 'pk')) {
      const cols = await db.query<Array<{ name: string }>>(`PRAGMA index_info(${index.name})`);
      shape[name].push(
        `${index.unique ? 'UNIQUE ' : ''}INDEX (${cols.map((c) => c.name).join(',')})`,
      );
    }
  }
  return shape;
}

function sorted(shape: SchemaShape): SchemaShape {
  return Object.fromEntries(
    Object.entries(shape)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([table, lines]) => [table, [...lines].sort()]),
  );
}

describe('Sandbox member database against the real schema', () => {
  let mariadb: EngineDatabase;
  let sqlite: EngineDatabase;

  beforeAll(async () => {
    const options = { imports: [MembersModule], memberTables: true };
    [mariadb, sqlite] = await Promise.all([MARIADB.open(options), SQLJS.open(options)]);
  });

  afterAll(async () => {
    await Promise.all([mariadb?.close(), sqlite?.close()]);
  });

  it('has the same tables, columns, keys and indexes on SQLite as on MariaDB', async () => {
    const real = sorted(await mariadbShape(mariadb));
    expect(Object.keys(real)).toEqual(['facilities', 'members', 'regions']);
    expect(real.members).toContain('membernumber varchar(16) NOT NULL PRIMARY KEY');
    expect(sorted(await sqliteShape(sqlite))).toEqual(real);
  });

  describe('with the sandbox samples loaded into both', () => {
    beforeAll(async () => {
      // MariaDB runs in strict mode: a sample too long or of the wrong type fails here.
      await seedMembers((sql, params) => mariadb.query(sql, params));
      await seedMembers((sql, params) => sqlite.query(sql, params));
    });

    it('stores every sample unchanged on both', async () => {
      const read = (db: EngineDatabase) =>
        db.query<Array<Record<string, unknown>>>(
          'SELECT membernumber, email, phone, status FROM members ORDER BY membernumber',
        );
      const rows = await read(mariadb);
      expect(rows).toHaveLength(MEMBERS.length);
      expect(await read(sqlite)).toEqual(rows);
    });

    it('answers every lookup of a sample the same on both', async () => {
      const emails = MEMBERS.flatMap((m) => (m.email ? [m.email] : []));
      const keys = [
        ...emails,
        ...emails.map((email) => ` ${email.toUpperCase()}\t`),
        ...emails.map((email) => email.normalize('NFD').replace(/[\u0300-\u036f]/g, '')),
      ];
      const lookups = async (db: EngineDatabase) => {
        const members = db.moduleRef.get(MemberRepository);
        return {
          byEmail: await Promise.all(keys.map((key) => members.findByEmail(key))),
          byNumber: await Promise.all(MEMBERS.map((m) => members.findByNumber(m.membernumber))),
        };
      };
      const real = await lookups(mariadb);
      expect(real.byEmail.filter(Boolean).length).toBeGreaterThan(0);
      expect(await lookups(sqlite)).toEqual(real);
    });

    // The cases docs/sandbox.md tells people to try.
    it.each([
      ['john.doe@example.com', '10001'],
      ['PAT.KELLY@EXAMPLE.COM', '10009'],
      ['sam.taylor@example.com', '10011'],
      ['alex.morgan@example.com', '9001'],
      ['  wei.chen@example.com', '10004'],
      ['RENE@EXÄMPLE.COM', '10013'],
      ['rene@example.com', null],
      ['tom.brown@example.com', null],
    ])('finds %s as member %s on SQLite', async (email, memberNumber) => {
      const found: Member | null = await sqlite.moduleRef.get(MemberRepository).findByEmail(email);
      expect(found?.memberNumber ?? null).toBe(memberNumber);
    });
  });
});

describe('sqliteMembersSchema', () => {
  it('turns KEY lines into indexes, indexes foreign keys and drops the table options', () => {
    expect(
      sqliteMembersSchema(
        'CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(8) NULL, r INT NULL REFERENCES x(id), KEY t_a (a)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;',
      ),
    ).toEqual([
      'CREATE TABLE t (\n  id INT NOT NULL PRIMARY KEY,\n  a VARCHAR(8) NULL,\n  r INT NULL REFERENCES x(id)\n)',
      'CREATE INDEX t_r ON t (r)',
      'CREATE INDEX t_a ON t (a)',
    ]);
  });

  it.each([
    'CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY);',
    'CREATE TABLE t (n INT UNSIGNED NOT NULL);',
    'CREATE TABLE t (d DATETIME NOT NULL ON UPDATE CURRENT_TIMESTAMP);',
    'CREATE TABLE t (s VARCHAR(8) COLLATE utf8mb4_bin);',
    'CREATE TABLE t (id INT) ENGINE=InnoDB ROW_FORMAT=COMPRESSED;',
    'ALTER TABLE t ADD COLUMN x INT;',
  ])('refuses what it cannot spell for SQLite: %s', (ddl) => {
    expect(() => sqliteMembersSchema(ddl)).toThrow(SchemaConversionError);
  });
});
