import { Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { apiKeysConfig } from './api-keys.config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { parseEnv } from './env.schema';
import { inboxConfig } from './inbox.config';
import { intercomConfig } from './intercom.config';
import { memberSyncConfig } from './member-sync.config';
import { mysqlConfig } from './mysql.config';
import { supabaseConfig } from './supabase.config';

/**
 * One validated namespace per concern. `.env` is loaded by main.ts before
 * anything starts (so a bad value stops the start with one line); here the
 * same schema validates whatever environment the module is built in.
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
      ],
      validate: (raw) => {
        parseEnv(raw as NodeJS.ProcessEnv);
        return raw;
      },
    }),
  ],
})
export class ConfigModule {}
