import { RequestMethod } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { appConfig } from '../config/app.config';
import type { LogStream } from './log-stream.module';
import { requestIdFrom } from './request-id';

/** pino's debug level. */
const DEBUG = 20;

/**
 * The request and response objects are never written whole (so no header, credential or
 * signature can reach a line through them; nothing is left for a redaction to do): their
 * fields are picked below.
 */
const omitted = (): undefined => undefined;

/**
 * The request's binding, under `request_id`: its id only. pino-http binds the request to the
 * one child logger it makes per request, under its `req` key, here `request_id`; this
 * serializer turns it into the id (a value already a string, when a line names it, stays).
 */
const requestIdOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;

/**
 * JSON lines through pino, pretty only when asked for. Every request gets an id
 * (`X-Request-Id` when a proxy set a sane one, else a new UUID, sent back in
 * `X-Request-Id`), logged under one key, `request_id`, on every line written
 * while handling it and on its own request line. The request line, written
 * when the answer is sent: `{request_id, method, url, status, responseTime}`,
 * at warn for a 4xx, at error for a 5xx, and at debug otherwise (so that at
 * LOG_LEVEL=info an answered notification or lookup writes no line of its
 * own). The cost per request is kept to what those lines need: pino-http's
 * request and response serializers are not wrapped or run (no headers, remote
 * address or body are ever read), one child logger per request carries the
 * id, and a 2xx builds no line at all unless debug is on. Bodies and
 * credentials are never logged.
 */
export function requestLogParams(app: ConfigType<typeof appConfig>, stream: LogStream): Params {
  const answeredLevel = pino.levels.values[app.logLevel] <= DEBUG ? 'debug' : 'silent';
  const requestLine = (req: IncomingMessage, res: ServerResponse, responseTime: unknown) => ({
    method: req.method,
    url: req.url,
    status: res.statusCode,
    responseTime,
  });
  const options: PinoHttpOptions = {
    level: app.logLevel,
    // Lines written while handling a request, and its request line, carry its id only,
    // bound once: one child logger per request (quietReqLogger would make two).
    customAttributeKeys: { req: 'request_id', reqId: 'request_id' },
    wrapSerializers: false,
    serializers: { request_id: requestIdOf, res: omitted },
    customSuccessObject: (req, res, fields: { responseTime?: unknown }) =>
      requestLine(req, res, fields.responseTime),
    customErrorObject: (req, res, _error, fields: { responseTime?: unknown }) =>
      requestLine(req, res, fields.responseTime),
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdFrom(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : answeredLevel,
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
}
