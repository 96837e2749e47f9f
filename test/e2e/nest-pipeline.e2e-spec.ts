/**
 * One request pipeline: every route is a controller's, and what Nest adds to a
 * route (guards, pipes, interceptors, filters) runs for the URLs callers really
 * use. A guard is added the Nest way, twice: a global APP_GUARD from a module
 * imported next to AppModule, and @UseGuards on the webhook and lookup
 * controllers, as README's "Adding a module" invites. Then Express's own stack
 * is read: nothing ahead of Nest answers a request.
 */
import {
  Injectable,
  Module,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Request } from 'express';
import { LookupEmailController } from '../../src/intercom/lookup/lookup-email.controller';
import { WebhookController } from '../../src/intercom/webhook/webhook.controller';
import { inboxRows } from '../support/inbox-rows';
import { startTestApp, TEST_LOOKUP_KEY, type TestApp } from '../support/test-app';
import { conversationNotification } from '../support/webhook-payloads';

const WEBHOOK = '/api/intercom/webhook';
const LOOKUP = '/api/intercom/lookup-email';

/** What the probe guards saw (`<guard> <METHOD> <url>`), and whether they refuse. */
const probe = { deny: false, seen: [] as string[] };

function admit(guard: string, context: ExecutionContext): boolean {
  const request = context.switchToHttp().getRequest<Request>();
  probe.seen.push(`${guard} ${request.method} ${request.originalUrl}`);
  return !probe.deny;
}

@Injectable()
class GlobalProbeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return admit('global', context);
  }
}

@Injectable()
class ControllerProbeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return admit('controller', context);
  }
}

@Module({ providers: [{ provide: APP_GUARD, useClass: GlobalProbeGuard }] })
class GlobalProbeModule {}

// What a newcomer writes on a controller; this file's module registry only (jest isolates files).
(UseGuards(ControllerProbeGuard) as ClassDecorator)(WebhookController);
(UseGuards(ControllerProbeGuard) as ClassDecorator)(LookupEmailController);

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** Every operation the OpenAPI document lists, as `METHOD /path` with Express's `:param`. */
function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map(
      (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
    ),
  );
}

describe('one request pipeline', () => {
  let t: TestApp;
  let documented: string[];

  beforeAll(async () => {
    t = await startTestApp({ imports: [GlobalProbeModule] });
    // Swagger's own route: read before any guard refuses (it is not a controller's).
    documented = documentedRoutes((await t.http().get('/api/docs-json').expect(200)).body);
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => {
    probe.deny = false;
    probe.seen = [];
  });

  it("runs a global guard and a controller's guard for the webhook's and the lookup's real URLs", async () => {
    await t.sendWebhook(conversationNotification('pipeline-admitted')).expect(200, {
      received: true,
    });
    await t.http().head(WEBHOOK).expect(200);
    await t
      .http()
      .post(LOOKUP)
      .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
      .send({ email: 'nobody-pipeline@example.com' })
      .expect(200, { found: false });
    expect(probe.seen).toEqual([
      `global POST ${WEBHOOK}`,
      `controller POST ${WEBHOOK}`,
      `global HEAD ${WEBHOOK}`,
      `controller HEAD ${WEBHOOK}`,
      `global POST ${LOOKUP}`,
      `controller POST ${LOOKUP}`,
    ]);
  });

  it('a guard that refuses is obeyed there: 403, nothing recorded, nothing looked up', async () => {
    probe.deny = true;
    const notification = conversationNotification('pipeline-refused');
    const refused = await t.sendWebhook(notification).expect(403);
    expect(refused.body).toEqual({ error: 'Forbidden resource' });
    await t.http().head(WEBHOOK).expect(403);
    const lookup = await t
      .http()
      .post(LOOKUP)
      .set('Authorization', `Bearer ${TEST_LOOKUP_KEY}`)
      .send({ email: 'nobody-pipeline@example.com' })
      .expect(403);
    expect(lookup.body).toEqual({ error: 'Forbidden resource' });
    expect((await inboxRows(t.mysql)).map((row) => row.notification_id)).not.toContain(
      notification.id,
    );
  });

  it('every documented route, in every spelling Express routes, meets the global guard first', async () => {
    expect(documented).toEqual(expect.arrayContaining([`POST ${WEBHOOK}`, `POST ${LOOKUP}`]));
    probe.deny = true;
    const spellings = (route: string) => {
      const [method, path] = route.split(' ');
      const concrete = path.replace(/:\w+/g, '1');
      return [concrete, `${concrete}/`, concrete.toUpperCase()].map(
        (url) => [method, url] as const,
      );
    };
    const answers: string[] = [];
    for (const [method, url] of documented.flatMap(spellings)) {
      const res = await t
        .http()
        [method.toLowerCase() as 'get' | 'post' | 'head']?.(url)
        .set('Content-Type', 'application/json')
        .send(method === 'GET' || method === 'HEAD' ? undefined : '{}');
      answers.push(`${method} ${url} ${res.status}`);
    }
    expect(answers).toEqual(
      documented.flatMap(spellings).map(([method, url]) => `${method} ${url} 403`),
    );
    expect(probe.seen.filter((line) => line.startsWith('global '))).toHaveLength(answers.length);
  });

  it("holds nothing in Express's stack that answers a request: body parsers and headers ahead of Nest, then controllers' and Swagger UI's routes", () => {
    interface Layer {
      name?: string;
      route?: { path: string; methods: Record<string, boolean> };
    }
    const express = t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
    const stack = express.router.stack;
    const firstRoute = stack.findIndex((layer) => layer.route !== undefined);
    // Ahead of every route: Nest's adapter's own, then configureApp's, none of which ends a
    // response (a body parser's error goes on to Nest's exception handler and the global filter).
    // A new middleware here must only read or set: add its name once it is known not to answer.
    expect(stack.slice(0, firstRoute).map((layer) => layer.name || '<anonymous>')).toEqual([
      '<anonymous>',
      'rawParser',
      'jsonParser',
      'bodyParserErrors',
      'setFixedHeaders',
    ]);
    const routes = stack.flatMap((layer) => {
      if (!layer.route) return [];
      const methods = Object.keys(layer.route.methods);
      // Nest's middleware for every route (the request log), and Swagger UI's own pages.
      if (methods.length > 20 || /^\/api\/docs($|[-/])/.test(layer.route.path)) return [];
      return methods.map((method) => `${method.toUpperCase()} ${layer.route!.path}`);
    });
    // HEAD of the webhook is Intercom's URL check: a controller's route, undocumented as such.
    expect([...routes].sort()).toEqual(
      [...new Set([...documented, `HEAD ${WEBHOOK}`])].filter((r) => !r.includes('/docs')).sort(),
    );
  });
});
