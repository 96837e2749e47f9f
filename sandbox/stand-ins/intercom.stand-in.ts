import { existsSync } from 'node:fs';
import {
  startIntercomDouble,
  type IntercomStore,
} from '../../test/support/intercom-double/intercom-double';
import { DEFAULT_OPENAPI_PATH } from '../../test/support/intercom-double/openapi-request-validator';
import { SandboxStartError } from '../sandbox-start.error';
import { seedIntercom, type IntercomSeed } from '../seed/intercom.seed';

export interface IntercomStandIn {
  /** INTERCOM_API_BASE_URL for the service. */
  url: string;
  store: IntercomStore;
  seed: IntercomSeed;
  close(): Promise<void>;
}

/**
 * Intercom for the sandbox: the test double (REST API 2.11, requests checked
 * against Intercom's OpenAPI description) in this process, with a seeded workspace.
 */
export async function startIntercomStandIn(token: string): Promise<IntercomStandIn> {
  if (!existsSync(DEFAULT_OPENAPI_PATH)) {
    throw new SandboxStartError(
      `The Intercom double needs Intercom's OpenAPI description at ${DEFAULT_OPENAPI_PATH} ` +
        '(test/fixtures/intercom in this repository), and it is not there.',
    );
  }
  const double = await startIntercomDouble({ token });
  return {
    url: double.url,
    store: double.store,
    seed: seedIntercom(double.store),
    close: () => double.close(),
  };
}
