import type { IncomingMessage } from 'node:http';
import { Logger as NestLogger } from '@nestjs/common';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { RequestHandler } from 'express';
import { Logger } from 'nestjs-pino';
import { appConfig } from './common/config/app.config';
import { intercomConfig } from './common/config/intercom.config';
import { MAX_BODY_BYTES } from './common/http/body-limit';
import { bodyParserErrors } from './common/http/body-parser-errors.middleware';
import { nestListingAtDebug } from './common/logging/nest-listing-at-debug';
import { fixedHeaders, securityHeaders } from './common/http/security-headers';
import { describeWebhookMode, webhookMode, WEBHOOK_ROUTE } from './intercom/webhook';

/**
 * Options for NestFactory.create. `rawBody`: every body parser keeps the exact
 * bytes as `request.rawBody`, for guards that check a signature over them
 * (IntercomSignatureGuard). Body parsing itself is set up by configureApp, in a
 * fixed order.
 */
export const APP_OPTIONS: NestApplicationOptions = {
  bufferLogs: true,
  bodyParser: false,
  rawBody: true,
};

/**
 * Everything that makes the Nest application the service, shared by main.ts,
 * the CLI-free test harness and the sandbox, so tests run the real thing.
 * Every route is a controller's, through Nest's pipeline (guards, pipes,
 * interceptors, the global filter, the request log); the middlewares below
 * only read bodies and set headers, and none answers a request
 * (test/e2e/nest-pipeline.e2e-spec.ts lists them).
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  // Nest's module and route listing at debug: the start-up summary is what an operator reads.
  app.useLogger(nestListingAtDebug(app.get(Logger)));
  app.setGlobalPrefix('api');
  // Behind one reverse proxy in production: req.ip is the client, not the proxy.
  app.set('trust proxy', config.trustProxyHops);
  app.disable('x-powered-by');
  // No ETag: a hash of every JSON answer, of no use on answers to POST, which no cache
  // revalidates (Swagger UI's static files keep their own).
  app.set('etag', false);
  // Here, not in a provider's lifecycle: the CLI builds the same modules but serves no webhook.
  logWebhookMode(app.get<ConfigType<typeof intercomConfig>>(intercomConfig.KEY));
  // Intercom's notifications are read raw, never as JSON here: the signature covers the exact
  // bytes sent and is checked before the body is read (413, then 401, then 400). Every other
  // body is JSON. Both refuse more than 1 MB first (413), and keep request.rawBody.
  app.useBodyParser('raw', { type: isPath(`/api/${WEBHOOK_ROUTE}`), limit: MAX_BODY_BYTES });
  app.useBodyParser('json', { limit: MAX_BODY_BYTES });
  app.use(bodyParserErrors);
  // helmet's headers, read once: they depend on nothing in the request (security-headers.ts).
  app.use(setHeaders(fixedHeaders(securityHeaders())));
  setupSwagger(app);
}

/** The start-up line saying how notifications are authenticated; never the secret. */
function logWebhookMode(config: ConfigType<typeof intercomConfig>): void {
  const { level, mode } = describeWebhookMode(webhookMode(config));
  new NestLogger('WebhookController')[level]({ msg: 'Intercom webhook mode', mode });
}

/**
 * Whether a request is for `path` as Express routes it: letter case ignored, one
 * trailing slash allowed, the query string aside.
 */
function isPath(path: string): (request: IncomingMessage) => boolean {
  const wanted = path.toLowerCase();
  return (request) => {
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const pathname = (query === -1 ? url : url.slice(0, query)).toLowerCase();
    return pathname === wanted || pathname === `${wanted}/`;
  };
}

/** Sets the same headers on every response, and goes on: never answers. */
function setHeaders(headers: ReadonlyArray<readonly [string, string]>): RequestHandler {
  return function setFixedHeaders(_req, res, next) {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

export function setupSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('NATCA Intercom service')
      .setDescription(
        'Enriches Intercom contacts with NATCA member data, and looks members up by email. ' +
          'Webhooks are signed by Intercom (X-Hub-Signature); the lookup and admin routes need an API key.',
      )
      .setVersion('1.0')
      // The package is UNLICENSED: NATCA's own service, no licence granted.
      .setLicense(
        'UNLICENSED (NATCA internal service; no licence is granted)',
        'https://www.natca.org',
      )
      // Relative: the routes are on the host that serves this document (paths carry /api).
      .addServer('/', 'The host serving this document')
      // Not addBearerAuth: it labels the scheme bearerFormat "JWT", and the keys are static API keys.
      .addSecurity('bearer', {
        type: 'http',
        scheme: 'bearer',
        // No angle brackets: Swagger UI renders descriptions as HTML and would swallow `<key>`.
        description:
          'Paste one key: sent as `Authorization: Bearer` and the key (a static API key, not a JWT)',
      })
      .addApiKey(
        {
          type: 'apiKey',
          in: 'header',
          name: 'X-API-Key',
          description: 'Paste one key: sent as the `X-API-Key` header (fill this box or Bearer)',
        },
        'api-key',
      )
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
