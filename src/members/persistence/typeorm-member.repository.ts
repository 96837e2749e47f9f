import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RowDataPacket } from 'mysql2';
import { DataSource, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { mysqlConfig } from '../../common/config/mysql.config';
import { readRetryingConnectionLoss } from '../../common/database/connection-loss';
import { mysqlPoolOf } from '../../common/database/mysql-pool';
import { sqlDialectFor, type SqlDialect } from '../../common/database/sql-dialect';
import { isWellFormedText } from '../../common/text/well-formed';
import {
  LOOKUP_STATUSES,
  MemberStatus,
  type Member,
  type MemberChange,
  type MemberChangeKey,
} from '../member';
import { MemberRepository } from '../member.repository';
import { MemberEntity } from './entities/member.entity';
import { MemberMapper, type MemberRow } from './member.mapper';
import { bindOnce, type BoundStatement } from './bound-statement';

/** Member numbers per `IN (…)` list: well within MySQL's packet and placeholder limits. */
const NUMBERS_PER_QUERY = 500;

/**
 * A time as the `updated_at` DATETIME column holds it, in UTC (the pool's timezone is `Z`):
 * `YYYY-MM-DD HH:MM:SS`, with milliseconds only when there are some, so that SQLite (which
 * compares the stored text) meets the sandbox's whole-second values exactly.
 */
function toStoredTime(time: Date): string {
  const iso = time.toISOString();
  const seconds = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return time.getUTCMilliseconds() === 0 ? seconds : `${seconds}.${iso.slice(20, 23)}`;
}

/** mysql2 answers a Date (read as UTC); SQLite the stored text. */
function fromStoredTime(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(
    `${value.trim().replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`,
  );
}

/**
 * MemberRepository over the legacy MySQL/MariaDB tables (or the sandbox's
 * SQLite copy of them). Each look-up is one parameterised query on the pool;
 * nothing here ever writes. Every read is idempotent: one that lost its
 * connection is tried once more on a new one, within the same
 * MYSQL_QUERY_TIMEOUT_MS (readRetryingConnectionLoss).
 */
@Injectable()
export class TypeormMemberRepository extends MemberRepository {
  private readonly sql: SqlDialect;
  private compiled?: { byEmail: BoundStatement; byNumber: BoundStatement };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(mysqlConfig.KEY) private readonly config: ConfigType<typeof mysqlConfig>,
  ) {
    super();
    this.sql = sqlDialectFor(dataSource);
  }

  async findByEmail(email: string): Promise<Member | null> {
    return this.first(this.statements.byEmail, email.trim(), 'member look-up by email');
  }

  async findByNumber(memberNumber: string): Promise<Member | null> {
    return this.first(this.statements.byNumber, memberNumber.trim(), 'member look-up by number');
  }

  async findByNumbers(memberNumbers: readonly string[]): Promise<Member[]> {
    // Ill-formed text names no member (see first()); duplicates would only repeat rows.
    const numbers = [...new Set(memberNumbers.filter(isWellFormedText))];
    const members: Member[] = [];
    for (let start = 0; start < numbers.length; start += NUMBERS_PER_QUERY) {
      const chunk = numbers.slice(start, start + NUMBERS_PER_QUERY);
      const rows = await this.read(
        () =>
          this.memberQuery()
            .where('m.membernumber IN (:...numbers)', { numbers: chunk })
            .getRawMany<MemberRow>(),
        'member look-up by numbers',
      );
      members.push(...rows.map((row) => MemberMapper.toDomain(row)));
    }
    return members;
  }

  async changedSince(after: MemberChangeKey, limit: number): Promise<MemberChange[]> {
    const at = toStoredTime(after.updatedAt);
    const rows = await this.read(
      () =>
        this.memberQuery()
          .addSelect('m.updated_at', 'updated_at')
          .where(
            '(m.updated_at > :at OR (m.updated_at = :at AND m.membernumber > :memberNumber))',
            { at, memberNumber: after.memberNumber },
          )
          .orderBy('m.updated_at', 'ASC')
          .addOrderBy('m.membernumber', 'ASC')
          .limit(limit)
          .getRawMany<MemberRow & { updated_at: Date | string }>(),
      'members changed since',
    );
    return rows.map((row) => ({
      member: MemberMapper.toDomain(row),
      key: { updatedAt: fromStoredTime(row.updated_at), memberNumber: row.member_number },
    }));
  }

  async latestUpdate(): Promise<Date | null> {
    const rows = await this.read(
      () =>
        this.dataSource.query<Array<{ latest: Date | string | null }>>(
          'SELECT MAX(updated_at) AS latest FROM members',
        ),
      'latest member update',
    );
    const latest = rows[0]?.latest ?? null;
    return latest === null ? null : fromStoredTime(latest);
  }

  async ping(): Promise<void> {
    await this.read(() => this.dataSource.query('SELECT 1'), 'MySQL ping');
  }

  /** One idempotent read within MYSQL_QUERY_TIMEOUT_MS, tried again on a new connection if its own was lost. */
  private read<T>(query: () => Promise<T>, operation: string): Promise<T> {
    return readRetryingConnectionLoss(query, this.config.queryTimeoutMs, operation);
  }

  /**
   * Built on first use rather than per call: rebuilding TypeORM's query
   * builder for every look-up cost about 8 % of the lookup route's CPU
   * (BENCHMARKS.md). The statements only differ by one value.
   */
  private get statements(): { byEmail: BoundStatement; byNumber: BoundStatement } {
    this.compiled ??= {
      byEmail: bindOnce((email) => {
        // Letter case folds on both sides, accents stay apart ("ä" is not "a").
        const query = this.lookupQuery().andWhere(
          `${this.sql.lowerCaseExact('TRIM(m.email)')} = ${this.sql.lowerCaseExact(':email')}`,
          { email },
        );
        // Without it the exact check above reads every member: one index range instead.
        const indexRange = this.sql.emailIndexRange('m.email', ':email');
        if (indexRange) query.andWhere(indexRange);
        return (
          query
            .orderBy(`CASE WHEN m.status = '${MemberStatus.Active}' THEN 0 ELSE 1 END`, 'ASC')
            .addOrderBy('m.updated_at', 'DESC')
            // Member numbers are strings; "lowest" means numeric order, the string breaks ties.
            .addOrderBy(this.sql.unsignedInteger('m.membernumber'), 'ASC')
            .addOrderBy('m.membernumber', 'ASC')
        );
      }),
      byNumber: bindOnce((memberNumber) =>
        this.lookupQuery().andWhere('m.membernumber = :memberNumber', { memberNumber }),
      ),
    };
    return this.compiled;
  }

  private lookupQuery(): SelectQueryBuilder<MemberEntity> {
    return this.memberQuery()
      .where('m.status IN (:...statuses)', { statuses: LOOKUP_STATUSES })
      .limit(1);
  }

  /** Every column the mapper reads, for members of any status. */
  private memberQuery(): SelectQueryBuilder<MemberEntity> {
    return this.dataSource
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .leftJoin('m.facility', 'f')
      .leftJoin('m.region', 'r')
      .leftJoin('f.region', 'fr')
      .select('m.membernumber', 'member_number')
      .addSelect('m.firstname', 'firstname')
      .addSelect('m.lastname', 'lastname')
      .addSelect('m.email', 'email')
      .addSelect('m.phone', 'phone')
      .addSelect('m.status', 'status')
      .addSelect('m.membertypeid', 'membertypeid')
      .addSelect('COALESCE(r.code, fr.code)', 'region')
      .addSelect('f.code', 'facility');
  }

  private async first(
    statement: BoundStatement,
    value: string,
    operation: string,
  ): Promise<Member | null> {
    // Text that is not well-formed Unicode (a lone surrogate, which JSON and Intercom's
    // attributes can carry) has no UTF-8 form, and the member tables hold UTF-8: no member has
    // it. Sent to MySQL/MariaDB it is not refused as bad input: mysql2 silently encodes it as
    // U+FFFD, so the query looks for other text and can return a different member
    // (test/integration/members shows it). So: no member, without a query, for every caller
    // (lookup, webhook enrichment, re-sync, CLI).
    if (!isWellFormedText(value)) return null;
    const parameters = statement.bind(value);
    const rows = await this.read(() => this.prepared(statement.sql, parameters), operation);
    return rows.length > 0 ? MemberMapper.toDomain(rows[0]) : null;
  }

  /**
   * Runs one of the bound statements. On MySQL/MariaDB, as a prepared statement on
   * TypeORM's own mysql2 pool (prepared once per connection, then only executed): the
   * server skips parsing the statement every time, about a third of its CPU per look-up
   * (62 against 98 µs: BENCHMARKS.md, "Findings of the earlier harness"), and mysql2 skips writing the
   * values into the SQL text. Errors are TypeORM's QueryFailedError, as from
   * DataSource.query. Elsewhere (the sandbox's SQLite) through DataSource.query.
   */
  private prepared(sql: string, parameters: unknown[]): Promise<MemberRow[]> {
    const pool = mysqlPoolOf(this.dataSource);
    if (!pool) return this.dataSource.query<MemberRow[]>(sql, parameters);
    return new Promise((resolve, reject) => {
      // The statements' values are strings (the bound value, the fixed statuses).
      pool.execute<RowDataPacket[]>(sql, parameters as string[], (error, rows) => {
        if (error) reject(new QueryFailedError(sql, parameters, error));
        else resolve(rows as unknown as MemberRow[]);
      });
    });
  }
}
