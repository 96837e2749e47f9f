import { signBody } from '../../src/intercom/webhook/webhook-signature';

export interface WebhookAnswer {
  status: number;
  body: string;
}

/** POSTs a notification to the service exactly as Intercom does: raw JSON, X-Hub-Signature. */
export async function sendSignedWebhook(
  baseUrl: string,
  secret: string,
  notification: Record<string, unknown>,
): Promise<WebhookAnswer> {
  const body = JSON.stringify(notification);
  const response = await fetch(`${baseUrl}/api/intercom/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature': signBody(body, secret) },
    body,
  });
  return { status: response.status, body: await response.text() };
}
