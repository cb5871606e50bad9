<#
.SYNOPSIS
    Installs ExchangeOnlineManagement for the current user, in a version this PowerShell can load.

.DESCRIPTION
    ippsconnect runs this with --install when the module is missing or too old. It prefers PSResourceGet
    (Install-PSResource, shipped with PowerShell 7.4+) and falls back to PowerShellGet (Install-Module,
    the one Windows PowerShell 5.1 has). Nothing asks for confirmation: the repository is trusted for this
    install only (-TrustRepository / -Force), so an unattended (-NonInteractive) session does not stop.

    Success prints nothing; ippsconnect locates the module again afterwards. A failure is an error record
    (the installer's own, e.g. "Package(s) 'ExchangeOnlineManagement' could not be installed from
    repository 'X'." or "No match was found for the specified search criteria ..."), and the script stops
    at the first one.

    Where the installers keep things on Linux/macOS (.NET's LocalApplicationData is $XDG_DATA_HOME, else
    ~/.local/share): PSResourceGet's repository list is <LocalApplicationData>/PSResourceGet/
    PSResourceRepository.xml, PowerShellGet 2's is $XDG_CACHE_HOME/powershell/PowerShellGet/
    PSRepositories.xml, and both install CurrentUser modules to <LocalApplicationData>/powershell/Modules.
    If LocalApplicationData does not exist yet, .NET reports it as '' and PSResourceGet writes its
    repository list to ./PSResourceGet under the current directory instead.

    Must stay valid Windows PowerShell 5.1 syntax (scripts/ps/check-syntax.ps1 checks it).

.PARAMETER MinimumVersion
    The lowest version that has what the session needs.

.PARAMETER BelowVersion
    The first version this PowerShell cannot load (exclusive upper bound), e.g. 3.10.0 on PowerShell 7.4.

.PARAMETER Repository
    The registered repository to install from (default: the installer's own choice, the PowerShell Gallery).

.PARAMETER Installer
    Auto (default): PSResourceGet when available, else PowerShellGet. The others force one of them.

.EXAMPLE
    & ./install-module.ps1 -MinimumVersion 3.9.0 -BelowVersion 3.10.0 -Repository PSGallery
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [ValidatePattern('^\d+(\.\d+){1,3}$')]
    [string] $MinimumVersion,

    [ValidatePattern('^\d+(\.\d+){1,3}$')]
    [string] $BelowVersion,

    [ValidatePattern('^[A-Za-z0-9._-]+$')]
    [string] $Repository,

    [ValidateSet('Auto', 'PSResourceGet', 'PowerShellGet')]
    [string] $Installer = 'Auto'
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$moduleName = 'ExchangeOnlineManagement'

# The largest version below $Version, for Install-Module's inclusive -MaximumVersion: below 3.10.0 is
# 3.9.2147483647.2147483647 (a [version] part is an Int32).
function Get-VersionBefore([version] $Version) {
    $top = [int]::MaxValue
    if ($Version.Build -gt 0) { return '{0}.{1}.{2}.{3}' -f $Version.Major, $Version.Minor, ($Version.Build - 1), $top }
    if ($Version.Minor -gt 0) { return '{0}.{1}.{2}.{3}' -f $Version.Major, ($Version.Minor - 1), $top, $top }
    return '{0}.{1}.{2}.{3}' -f ($Version.Major - 1), $top, $top, $top
}

if ($Installer -eq 'Auto') {
    $Installer = 'PowerShellGet'
    if (Get-Command -Name Install-PSResource -ErrorAction SilentlyContinue) { $Installer = 'PSResourceGet' }
}

# The PowerShell Gallery refuses TLS 1.0/1.1, which .NET Framework may still default to in 5.1.
if ($PSVersionTable.PSEdition -ne 'Core') {
    [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
}

if ($Installer -eq 'PSResourceGet') {
    # A NuGet version range: [minimum,) or [minimum,below).
    $range = '[{0},{1})' -f $MinimumVersion, $BelowVersion
    $parameters = @{
        Name            = $moduleName
        Scope           = 'CurrentUser'
        TrustRepository = $true
        Version         = $range
        ErrorAction     = 'Stop'
    }
    if ($Repository) { $parameters.Repository = $Repository }
    $command = Get-Command -Name Install-PSResource
    if ($command.Parameters.ContainsKey('AcceptLicense')) { $parameters.AcceptLicense = $true }
    Install-PSResource @parameters | Out-Null
}
else {
    $parameters = @{
        Name           = $moduleName
        Scope          = 'CurrentUser'
        Force          = $true
        MinimumVersion = $MinimumVersion
        # A module's functions do not see this script's $ErrorActionPreference: say it to them.
        ErrorAction    = 'Stop'
    }
    if ($BelowVersion) { $parameters.MaximumVersion = Get-VersionBefore $BelowVersion }
    if ($Repository) { $parameters.Repository = $Repository }
    # The PowerShellGet 1.0.0.1 that ships with Windows PowerShell 5.1 lacks these two.
    $command = Get-Command -Name Install-Module
    if ($command.Parameters.ContainsKey('AllowClobber')) { $parameters.AllowClobber = $true }
    if ($command.Parameters.ContainsKey('AcceptLicense')) { $parameters.AcceptLicense = $true }
    Install-Module @parameters | Out-Null
}
