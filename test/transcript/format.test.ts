import { describe, expect, it } from 'vitest';
import { renderErrorRecord51 } from './helpers/powershell-format.js';

// exo-facts §5, first verbatim sample (Windows PowerShell 5.1, 120 columns).
const SAMPLE = `New-ExoPSSession : Processing data from remote server gbr01b.ps.compliance.protection.outlook.com failed with the
following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed
: 3. Please close existing runspace and try again. For more information, see the about_Remote_Troubleshooting Help
topic.
At C:\\Program
Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\2.0.5\\netFramework\\ExchangeOnlineManagement.psm1:475 char:30
+ ... PSSession = New-ExoPSSession -ExchangeEnvironmentName $ExchangeEnviro ...
+                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : ResourceUnavailable: (:) [New-ExoPSSession], PSRemotingTransportException
    + FullyQualifiedErrorId : System.Management.Automation.Remoting.PSRemotingDataStructureException,Microsoft.Exchang
   e.Management.ExoPowershellSnapin.NewExoPSSession`;

describe('the 5.1 layout simulator (test equipment)', () => {
  it('reproduces the verbatim 120-column sample line for line', () => {
    const lines = renderErrorRecord51(
      {
        command: 'New-ExoPSSession',
        message:
          'Processing data from remote server gbr01b.ps.compliance.protection.outlook.com failed with the following error message: Fail to create a runspace because you have exceeded the maximum number of connections allowed : 3. Please close existing runspace and try again. For more information, see the about_Remote_Troubleshooting Help topic.',
        position: [
          'At C:\\Program Files\\WindowsPowerShell\\Modules\\ExchangeOnlineManagement\\2.0.5\\netFramework\\ExchangeOnlineManagement.psm1:475 char:30',
          '+ ... PSSession = New-ExoPSSession -ExchangeEnvironmentName $ExchangeEnviro ...',
          '+                 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
        ],
        categoryInfo: 'ResourceUnavailable: (:) [New-ExoPSSession], PSRemotingTransportException',
        fullyQualifiedErrorId:
          'System.Management.Automation.Remoting.PSRemotingDataStructureException,Microsoft.Exchange.Management.ExoPowershellSnapin.NewExoPSSession',
      },
      120,
    );
    expect(lines.map((line) => line.trimEnd()).join('\n')).toBe(`${SAMPLE}\n`);
  });
});
