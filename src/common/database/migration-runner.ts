import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const LOCK_NAME = 'natca_intercom_service_migrations';
const LOCK_TIMEOUT_SECONDS = 60;

/**
 * Applies the service's own migrations at start. Instances starting together
 * take turns under a named MySQL lock, so each migration runs once.
 */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    if (this.dataSource.migrations.length === 0) return;
    const lock = this.dataSource.createQueryRunner();
    try {
      const rows = (await lock.query('SELECT GET_LOCK(?, ?) AS locked', [
        LOCK_NAME,
        LOCK_TIMEOUT_SECONDS,
      ])) as Array<{
        locked: number | null;
      }>;
      const row = rows[0];
      if (Number(row?.locked) !== 1) throw new Error('Timed out waiting for the migration lock');
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0)
        this.logger.log({ msg: 'Applied migrations', migrations: applied.map((m) => m.name) });
    } finally {
      await lock.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]).catch(() => undefined);
      await lock.release();
    }
  }
}
