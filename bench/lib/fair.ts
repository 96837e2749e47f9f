/**
 * The fair-reference checks: before anything is measured, the service and its
 * reference must answer the same requests alike (status, body, and the
 * headers named), or the comparison means nothing.
 */
export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: compared as text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** What of an answer is compared: status, body, and these headers (absent counts as a value). */
function shape(answer: Answer, headerNames: readonly string[]): string {
  const headers = headerNames.map((name) => [name, answer.headers.get(name)]);
  return JSON.stringify({ status: answer.status, body: answer.body, headers });
}

export interface Probe {
  what: string;
  body: string;
  headers: Record<string, string>;
  /** Compare status and body only (the service sends no security headers on body-parser errors). */
  bodyOnly?: boolean;
}

/** Sends every probe to each URL; throws when any two answer differently. */
export async function checkAlike(
  urls: ReadonlyArray<{ name: string; url: string }>,
  probes: readonly Probe[],
  headerNames: readonly string[] = [],
): Promise<void> {
  for (const probe of probes) {
    const answers = await Promise.all(
      urls.map(async ({ name, url }) => ({
        name,
        shape: shape(await post(url, probe.body, probe.headers), probe.bodyOnly ? [] : headerNames),
      })),
    );
    const differ = answers.find((a) => a.shape !== answers[0].shape);
    if (differ) {
      throw new Error(
        `answers to ${probe.what} differ: ${answers.map((a) => `${a.name} ${a.shape}`).join('; ')}`,
      );
    }
  }
}
