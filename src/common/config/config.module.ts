import { Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { apiKeysConfig } from './api-keys.config';
import { appConfig } from './app.config';
import { canvasConfig } from './canvas.config';
import { databaseConfig } from './database.config';
import { inboxConfig } from './inbox.config';
import { intercomConfig } from './intercom.config';
import { memberSyncConfig } from './member-sync.config';
import { mysqlConfig } from './mysql.config';
import { supabaseConfig } from './supabase.config';

/**
 * One validated namespace per concern; each parses the environment it is built in with the
 * one schema (env.schema.ts). Nothing is read or checked when this file is imported:
 * main.ts and the CLI read the environment and `.env` together first (environment.ts), so a
 * variable set only in `.env` is never judged missing.
 */
@Module({
  imports: [
    NestConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: true,
      load: [
        appConfig,
        databaseConfig,
        mysqlConfig,
        supabaseConfig,
        intercomConfig,
        apiKeysConfig,
        inboxConfig,
        memberSyncConfig,
        canvasConfig,
      ],
    }),
  ],
})
export class ConfigModule {}
