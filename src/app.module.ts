import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ConfigModule } from './common/config/config.module';
import { DatabaseModule } from './common/database/database.module';
import { HttpErrorFilter } from './common/errors/http-error.filter';
import { LoggingModule } from './common/logging/logging.module';
import { createValidationPipe } from './common/validation/validation.pipe';
import { HealthModule } from './health/health.module';
import { CreateInbox1764547200000 } from './intercom/inbox/persistence/migrations/1764547200000-create-inbox';
import { IntercomModule } from './intercom/intercom.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule.forRoot({ migrations: [CreateInbox1764547200000] }),
    EventEmitterModule.forRoot(),
    IntercomModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class AppModule {}
