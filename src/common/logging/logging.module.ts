import { Module, RequestMethod } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { appConfig } from '../config/app.config';
import { LOG_STREAM, LogStreamModule, type LogStream } from './log-stream.module';
import { requestIdFrom } from './request-id';

/** Headers that carry credentials or signatures: never written to a log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-hub-signature"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * JSON lines through pino, one request id per request (taken from
 * `X-Request-Id` when a proxy set one), pretty only when asked for.
 * Bodies are never logged: pino-http's serializers do not include them.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      imports: [LogStreamModule],
      inject: [appConfig.KEY, LOG_STREAM],
      useFactory: (app: ConfigType<typeof appConfig>, stream: LogStream): Params => {
        const options: PinoHttpOptions = {
          level: app.logLevel,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // Lines written while handling a request carry its id, not the whole request.
          quietReqLogger: true,
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const id = requestIdFrom(req.headers['x-request-id']);
            res.setHeader('X-Request-Id', id);
            return id;
          },
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          // Health probes and metric scrapes would drown everything else.
          autoLogging: {
            ignore: (req: IncomingMessage) => /^\/api\/(health|metrics)/.test(req.url ?? ''),
          },
          transport: app.logPretty
            ? {
                target: 'pino-pretty',
                options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
              }
            : undefined,
        };
        return {
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          // pino-pretty is a transport of its own and writes to standard output itself.
          pinoHttp: app.logPretty ? options : [options, stream],
        };
      },
    }),
  ],
})
export class LoggingModule {}
