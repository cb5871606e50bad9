# Prints, as one JSON line, the parameter metadata PowerShell reports for the stand-in's four exported commands:
# name, type, dynamic, switch, and per parameter set its position and whether it is mandatory. With -Desktop the
# stand-in's edition checks are replaced first (Windows PowerShell 5.1's view, as far as pwsh on Linux allows).
param([Parameter(Mandatory = $true)] [string] $Manifest, [switch] $Desktop)
$ErrorActionPreference = 'Stop'
$module = Import-Module -Name $Manifest -PassThru
if ($Desktop) {
    & $module {
        function script:Test-StandInWindows { $true }
        function script:Test-StandInCore { $false }
    }
}
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$result = [ordered]@{}
foreach ($name in @('Connect-IPPSSession', 'Connect-ExchangeOnline', 'Disconnect-ExchangeOnline', 'Get-ConnectionInformation')) {
    $command = Get-Command -Name $name -Module $module.Name
    $result[$name] = @(foreach ($parameter in $command.Parameters.Values) {
            if ($common -contains $parameter.Name) { continue }
            [ordered]@{
                name    = $parameter.Name
                type    = $parameter.ParameterType.Name
                dynamic = $parameter.IsDynamic
                switch  = $parameter.SwitchParameter
                sets    = @(foreach ($entry in $parameter.ParameterSets.GetEnumerator()) {
                        $position = $entry.Value.Position
                        if ($position -eq [int]::MinValue) { $position = $null }
                        [ordered]@{ set = $entry.Key; position = $position; mandatory = $entry.Value.IsMandatory; fromPipelineByPropertyName = $entry.Value.ValueFromPipelineByPropertyName }
                    })
            }
        })
}
$result | ConvertTo-Json -Depth 6 -Compress
