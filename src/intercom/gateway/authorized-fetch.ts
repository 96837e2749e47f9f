import type { AuthorizationRefusalStatus } from './intercom-authorization.events';
import type { AuthorizationProbe, IntercomAuthorization } from './intercom-authorization';
import type { SendFunction } from './intercom-fetcher';
import { endpointOf } from './throttled-fetch';

function isRefusal(status: number): status is AuthorizationRefusalStatus {
  return status === 401 || status === 403;
}

/** Intercom's first error code in a refusal's body (`unauthorized`), empty when there is none. */
async function codeOf(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as { errors?: Array<{ code?: unknown }> };
    const code = body?.errors?.[0]?.code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}

/**
 * Puts every Intercom call behind the authorization switch (intercom-authorization.ts):
 * a call waits while Intercom work is paused, and a call Intercom refuses with `401`/`403`
 * pauses it and is sent again once a probe succeeds. Intercom did not execute a refused
 * call, so sending it again is safe for every method. A call refused `403` again after a
 * probe proved the token good lacks a scope of its own: that answer is returned (the caller
 * treats it as a permanent refusal) rather than pausing everything once a minute for ever.
 */
export function createAuthorizedFetch(
  send: SendFunction,
  authorization: IntercomAuthorization,
): SendFunction {
  return async (url, init) => {
    let forbiddenIn: number | undefined;
    for (;;) {
      await authorization.whenAuthorized();
      const generation = authorization.generation;
      const response = await send(url, init);
      if (!isRefusal(response.status)) return response;
      if (response.status === 403) {
        if (forbiddenIn !== undefined && forbiddenIn < generation) return response;
        forbiddenIn = generation;
      }
      authorization.refused(response.status, {
        code: await codeOf(response),
        endpoint: endpointOf(url),
        generation,
      });
    }
  };
}

/**
 * The switch's probe: `GET /me` (Intercom's "identify an admin"), one cheap call that any
 * working token may make, sent with the SDK's headers through `send` (the rate limiter and
 * time limit of every call, but not the switch it probes for).
 */
export function createAuthorizationProbe(
  send: SendFunction,
  target: { baseUrl: string; token: string; version: string },
): AuthorizationProbe {
  return async () => {
    const response = await send(`${target.baseUrl}/me`, {
      method: 'GET',
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${target.token}`,
        'Intercom-Version': target.version,
      },
    });
    return response.status;
  };
}
