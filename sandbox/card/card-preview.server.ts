import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IntercomStore } from '../../test/support/intercom-double/intercom-double';
import type { CardAnswer, CardClient, CardTarget } from './card-client';
import { escapeHtml, renderCardPage } from './card-html';

export interface CardPreview {
  url: string;
  close(): Promise<void>;
}

/** Form fields holding input values are named `input_<component id>`. */
const INPUT_PREFIX = 'input_';
/** Forms are tiny; anything bigger is not the preview's own. */
const MAX_FORM_BYTES = 64 * 1024;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

/**
 * The sandbox's member card preview, its own small HTTP server (not part of the service):
 * `GET /` lists the workspace's conversations, `GET /card?conversation=…&contact=…` plays
 * Intercom's initialize against the running service and shows the card as HTML, and the
 * card's buttons post back to `/card`, which plays the submit. Listens on 127.0.0.1 only.
 */
export async function startCardPreview(
  client: CardClient,
  store: IntercomStore,
  port = 0,
): Promise<CardPreview> {
  const page = (target: CardTarget, answer: CardAnswer) =>
    renderCardPage({
      title: `Conversation ${target.conversationId} · contact ${target.contactId}`,
      components: answer.body.canvas?.content?.components ?? [],
      action: '/card',
      hidden: {
        conversation: target.conversationId,
        contact: target.contactId,
        stored: JSON.stringify(answer.body.canvas?.stored_data ?? {}),
      },
      error: answer.status === 200 ? undefined : `The service answered ${answer.status}.`,
    });

  const index = () => {
    const links = store
      .conversations()
      .filter((c) => c.contact_ids.length > 0)
      .map((c) => {
        const contact = store.getContact(c.contact_ids[0]);
        const href = `/card?conversation=${encodeURIComponent(c.id)}&contact=${encodeURIComponent(c.contact_ids[0])}`;
        const who = contact?.email ?? contact?.id ?? '';
        return `<li><a href="${escapeHtml(href)}">Conversation ${escapeHtml(c.id)}</a> · ${escapeHtml(who)}</li>`;
      });
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Member cards</title></head>
<body style="font:14px sans-serif;margin:24px"><h1>Member card preview</h1><ul>${links.join('')}</ul></body></html>`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/') return send(res, 200, index());
    if (url.pathname !== '/card') return send(res, 404, 'Not found');
    if (req.method === 'GET') {
      const target = {
        conversationId: url.searchParams.get('conversation') ?? '',
        contactId: url.searchParams.get('contact') ?? '',
      };
      return send(res, 200, page(target, await client.initialize(target)));
    }
    if (req.method !== 'POST') return send(res, 405, 'Method not allowed');
    const form = await readForm(req);
    const target = {
      conversationId: form.get('conversation') ?? '',
      contactId: form.get('contact') ?? '',
    };
    const inputs: Record<string, string> = {};
    for (const [name, value] of form) {
      if (name.startsWith(INPUT_PREFIX)) inputs[name.slice(INPUT_PREFIX.length)] = value;
    }
    let stored: Record<string, unknown> = {};
    try {
      stored = JSON.parse(form.get('stored') ?? '{}') as Record<string, unknown>;
    } catch {
      // A hand-made form: no stored data.
    }
    const answer = await client.submit(target, form.get('component_id') ?? '', inputs, stored);
    return send(res, 200, page(target, answer));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, escapeHtml(error instanceof Error ? error.message : String(error))),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
