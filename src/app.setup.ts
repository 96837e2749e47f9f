import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, raw } from 'express';
import { Logger } from 'nestjs-pino';
import { appConfig } from './common/config/app.config';
import { MAX_BODY_BYTES } from './common/http/body-limit';
import { bodyParserErrors } from './common/http/body-parser-errors.middleware';
import { fixedHeaders, securityHeaders } from './common/http/security-headers';
import { lookupFastPath } from './intercom/lookup/lookup-fast-path.middleware';
import { LookupRequestHandler } from './intercom/lookup/lookup-request.handler';
import { LOOKUP_ROUTE } from './intercom/lookup/lookup-email.controller';
import { webhookFastPath } from './intercom/webhook/webhook-fast-path.middleware';
import { WebhookReceiverService } from './intercom/webhook/webhook-receiver.service';
import { WEBHOOK_ROUTE } from './intercom/webhook/webhook.controller';

/** Options for NestFactory.create: body parsing is set up by configureApp, in a fixed order. */
export const APP_OPTIONS: NestApplicationOptions = { bufferLogs: true, bodyParser: false };

/**
 * Everything that makes the Nest application the service, shared by main.ts,
 * the CLI-free test harness and the sandbox, so tests run the real thing.
 */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  // Behind one reverse proxy in production: req.ip is the client, not the proxy.
  app.set('trust proxy', config.trustProxyHops);
  app.disable('x-powered-by');
  // Intercom's notifications first, ahead of every other middleware (see webhook-fast-path).
  const webhookPath = `/api/${WEBHOOK_ROUTE}`;
  const webhookReceiver = app.get(WebhookReceiverService);
  // Here, not in the receiver's lifecycle: the CLI builds the receiver too but serves no webhook.
  webhookReceiver.logMode();
  app.use(webhookFastPath(webhookPath, webhookReceiver));
  // The signature covers the exact bytes sent: the Nest route gets them raw too.
  app.use(webhookPath, raw({ type: () => true, limit: MAX_BODY_BYTES }));
  app.use(json({ limit: MAX_BODY_BYTES }));
  app.use(bodyParserErrors);
  const security = securityHeaders();
  // The lookup after the body parser, ahead of Nest's pipeline (see lookup-fast-path), with the
  // headers helmet sets, read once.
  app.use(
    lookupFastPath(`/api/${LOOKUP_ROUTE}`, app.get(LookupRequestHandler), fixedHeaders(security)),
  );
  app.use(security);
  setupSwagger(app);
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
        description: 'Authorization: Bearer <key>, a static API key (not a JWT)',
      })
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'X-API-Key: <key>' },
        'api-key',
      )
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
