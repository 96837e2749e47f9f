import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { appConfig } from '../config/app.config';
import { LOG_STREAM, LogStreamModule } from './log-stream.module';
import { requestLogParams } from './request-log.params';

/** nestjs-pino's request log and logger, as requestLogParams describes them. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [LogStreamModule],
      inject: [appConfig.KEY, LOG_STREAM],
      useFactory: requestLogParams,
    }),
  ],
})
export class LoggingModule {}
