import { Command } from 'commander';
import { cloudNames, clouds } from '../clouds.js';
import { commandDescriptions } from './descriptions.js';
import type { Streams } from './output.js';

const moduleDefault = '(module default)';

/** `ippsconnect endpoints`: the endpoint table per cloud, as text or JSON. */
export function endpointsCommand(streams: Streams): Command {
  return new Command('endpoints')
    .description(commandDescriptions.endpoints)
    .option('--json', 'print the table as JSON')
    .action((flags: { json?: boolean }) => {
      const rows = cloudNames.map((name) => {
        const cloud = clouds[name];
        return {
          cloud: name,
          description: cloud.description,
          connectionUri: cloud.ippsConnectionUri ?? moduleDefault,
          authority: cloud.ippsAuthority ?? moduleDefault,
          exchangeEnvironmentName: cloud.exchangeEnvironmentName,
          ...(cloud.warning ? { warning: cloud.warning } : {}),
        };
      });
      if (flags.json) {
        streams.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      for (const row of rows) {
        streams.stdout.write(
          `${row.cloud} — ${row.description}\n  ConnectionUri:                   ${row.connectionUri}\n` +
            `  AzureADAuthorizationEndpointUri: ${row.authority}\n  ExchangeEnvironmentName:         ${row.exchangeEnvironmentName}\n` +
            `${row.warning ? `  ! ${row.warning}\n` : ''}`,
        );
      }
    });
}
