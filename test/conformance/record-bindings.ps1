# Runs a `connect --dry-run` script against one stand-in version with its exported functions replaced by
# recorders that have the same parameter blocks (the stand-in's own definitions, bodies swapped). Each call
# appends {command, parameters, types} as one JSON line to -RecordPath; nothing connects.
param([Parameter(Mandatory = $true)] [string] $Version, [Parameter(Mandatory = $true)] [string] $ScriptPath, [Parameter(Mandatory = $true)] [string] $RecordPath)
$ErrorActionPreference = 'Stop'
$module = Import-Module -Name ExchangeOnlineManagement -RequiredVersion $Version -PassThru
& $module {
    param($recordPath)
    $script:DryRunRecordPath = $recordPath
    function script:Write-DryRunCall {
        param([string] $Command, [System.Collections.IDictionary] $Bound)
        $types = [ordered]@{}
        foreach ($key in $Bound.Keys) { $types[$key] = if ($null -eq $Bound[$key]) { 'null' } else { $Bound[$key].GetType().Name } }
        $entry = [ordered]@{ command = $Command; parameters = (ConvertTo-StandInRecordParameters -BoundParameters $Bound); types = $types }
        Add-Content -LiteralPath $script:DryRunRecordPath -Value (ConvertTo-Json -InputObject $entry -Compress -Depth 5)
    }
    foreach ($text in @(Get-StandInFunctionText)) {
        $name = [regex]::Match($text, '^function ([\w-]+) \{').Groups[1].Value
        $recorder = [regex]::Replace($text, 'process \{ .* \}', "process { Write-DryRunCall -Command '$name' -Bound `$PSBoundParameters }")
        . ([scriptblock]::Create($recorder.Replace("function $name {", "function script:$name {")))
    }
} $RecordPath
. $ScriptPath
