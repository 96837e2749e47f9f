import type { ServerResponse } from 'node:http';
import { sendJson } from './send-json';

function recorder() {
  const headers: Record<string, string | number> = {};
  const sent: { status?: number; body?: string } = {};
  const res = {
    statusCode: 0,
    setHeader: (name: string, value: string | number) => (headers[name] = value),
    end(text: string) {
      sent.status = res.statusCode;
      sent.body = text;
    },
  };
  return { res: res as unknown as ServerResponse, headers, sent };
}

describe('sendJson', () => {
  it('answers the body as UTF-8 JSON with its length in bytes, not characters', () => {
    const { res, headers, sent } = recorder();
    sendJson(res, 404, { error: 'Not found', name: 'Zoë' });
    expect(sent).toEqual({ status: 404, body: '{"error":"Not found","name":"Zoë"}' });
    expect(headers).toEqual({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': 35,
    });
  });
});
