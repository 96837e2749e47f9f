import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { mysqlConfig } from '../config/mysql.config';
import { MysqlConnectionDiscardedEvent } from './mysql-connection.events';
import { mysqlPoolOf } from './mysql-pool';
import {
  watchMysqlPool,
  type DiscardNotice,
  type PoolWatch,
  type WatchedPool,
} from './watch-mysql-pool';

/**
 * At shutdown, how long connections still busy may finish after the pool is closed
 * (ms). A healthy server answers within milliseconds; one that hangs must not hold
 * the exit (docs/operations.md, "Shutdown").
 */
export const POOL_CLOSE_GRACE_MS = 1_000;

/**
 * Watches TypeORM's mysql2 pool (watch-mysql-pool.ts): every command bounded by
 * MYSQL_QUERY_TIMEOUT_MS, a timed-out or broken connection discarded with the idle
 * ones, the pool's close bounded. Logs each discard (warn, `MySQL connection discarded`)
 * and emits MysqlConnectionDiscardedEvent for the metrics. Does nothing on SQLite.
 */
@Injectable()
export class MysqlPoolWatchdog {
  private readonly logger = new Logger(MysqlPoolWatchdog.name);
  private readonly watch?: PoolWatch;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(mysqlConfig.KEY) config: ConfigType<typeof mysqlConfig>,
    @Optional() private readonly events?: EventEmitter2,
  ) {
    const pool = mysqlPoolOf(dataSource);
    if (!pool) return;
    this.watch = watchMysqlPool(pool as unknown as WatchedPool, {
      commandTimeoutMs: config.queryTimeoutMs,
      closeGraceMs: Math.min(config.queryTimeoutMs, POOL_CLOSE_GRACE_MS),
      onDiscarded: (notice) => this.discarded(notice),
    });
  }

  /**
   * Starts bounding every command. Called once the migrations have run: they may
   * legitimately wait longer (the migration lock, an ALTER on a large table).
   */
  arm(): void {
    this.watch?.arm();
  }

  private discarded({ reason, error, idleClosed }: DiscardNotice): void {
    const { code } = error as { code?: string };
    this.logger.warn({
      msg: 'MySQL connection discarded',
      reason,
      error: `${error.name}${code ? ` ${code}` : ''}: ${error.message}`,
      idle_closed: idleClosed,
    });
    this.events?.emit(
      MysqlConnectionDiscardedEvent.name,
      new MysqlConnectionDiscardedEvent(reason, idleClosed),
    );
  }
}
