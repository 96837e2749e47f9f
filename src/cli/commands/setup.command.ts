import type { INestApplicationContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { intercomConfig } from '../../common/config/intercom.config';
import {
  WorkspaceAttributesService,
  type SetupItem,
  type SetupResult,
} from '../../intercom/workspace';
import { CliError, EXIT, type ExitCode } from '../cli-exit';

export interface SetupOptions {
  dryRun: boolean;
}

function describe(item: SetupItem): string {
  switch (item.outcome) {
    case 'exists':
      return item.dataType === undefined || item.dataType === 'string'
        ? 'exists'
        : `exists (data type ${item.dataType}; the service writes text)`;
    case 'created':
      return `created (text: ${JSON.stringify(item.description)})`;
    case 'would_create':
      return `would create (text: ${JSON.stringify(item.description)})`;
    case 'failed':
      return `FAILED: ${item.error ?? 'unknown error'}`;
  }
}

const names = (items: SetupItem[]) => items.map((item) => item.name).join(', ');

/** The lines the operator sees: each attribute the service writes, then what was done. */
export function formatSetup(result: SetupResult): string {
  const width = Math.max(...result.items.map((item) => item.name.length));
  const lines = [
    `${result.dryRun ? '[dry run, nothing created] ' : ''}` +
      'Contact data attributes the service writes, in the Intercom workspace:',
    ...result.items.map((item) => `  ${item.name.padEnd(width)}  ${describe(item)}`),
  ];
  const of = (outcome: SetupItem['outcome']) =>
    result.items.filter((item) => item.outcome === outcome);
  const created = of('created');
  const wouldCreate = of('would_create');
  const failed = of('failed');
  if (created.length > 0) lines.push(`Created ${created.length} attribute(s): ${names(created)}.`);
  if (wouldCreate.length > 0) {
    lines.push(
      `Would create ${wouldCreate.length} attribute(s): ${names(wouldCreate)}. ` +
        'Run `npm run cli -- setup` to create them.',
    );
  }
  if (failed.length > 0) {
    lines.push(
      `Could not create ${failed.length} attribute(s): ${names(failed)}. ` +
        'Run it again once the cause is fixed (HTTP 401 or 403: give the app the ' +
        '"Write data attributes" permission), or create them as text attributes in ' +
        'Intercom under Settings → Data → People.',
    );
  }
  if (created.length + wouldCreate.length + failed.length === 0) {
    lines.push(`All ${result.items.length} attributes exist; nothing to create.`);
  }
  return lines.join('\n');
}

/** `setup [--dry-run]`: creates the contact data attributes the workspace lacks. */
export async function runSetup(
  app: INestApplicationContext,
  options: SetupOptions,
): Promise<ExitCode> {
  const config = app.get<ConfigType<typeof intercomConfig>>(intercomConfig.KEY);
  if (!config.accessToken) {
    throw new CliError(
      'INTERCOM_ACCESS_TOKEN is not set (Intercom dry run): setup cannot read or create ' +
        "the workspace's data attributes. Set the token, then run it again.",
    );
  }
  const result = await app.get(WorkspaceAttributesService).setup(options);
  console.log(formatSetup(result));
  return result.items.some((item) => item.outcome === 'failed') ? EXIT.failed : EXIT.ok;
}
