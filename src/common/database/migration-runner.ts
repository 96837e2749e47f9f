import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MysqlPoolWatchdog } from './mysql-pool.watchdog';
import { sqlDialectFor } from './sql-dialect';

const LOCK_NAME = 'natca_intercom_service_migrations';
const LOCK_TIMEOUT_SECONDS = 60;

/**
 * Applies the service's own migrations at start. Instances starting together
 * take turns under a named lock, so each migration runs once. Then arms the
 * pool's command deadline (MysqlPoolWatchdog), which migrations are spared.
 */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly watchdog: MysqlPoolWatchdog,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.migrate();
    this.watchdog.arm();
  }

  private async migrate(): Promise<void> {
    if (this.dataSource.migrations.length === 0) return;
    const lock = this.dataSource.createQueryRunner();
    try {
      const applied = await sqlDialectFor(this.dataSource).withNamedLock(
        lock,
        LOCK_NAME,
        LOCK_TIMEOUT_SECONDS,
        () => this.dataSource.runMigrations({ transaction: 'each' }),
      );
      if (applied.length > 0)
        this.logger.log({ msg: 'Applied migrations', migrations: applied.map((m) => m.name) });
    } finally {
      await lock.release();
    }
  }
}
