# Lists the ExchangeOnlineManagement versions this PowerShell can see, with the facts ippsconnect needs
# to pick one. Output: one object per installed version. Runs on Windows PowerShell 5.1 and PowerShell 7.
$edition = 'Desktop'
if ($PSVersionTable.PSEdition) { $edition = $PSVersionTable.PSEdition }
$found = @(Get-Module -ListAvailable -Name ExchangeOnlineManagement)
if ($found.Count -eq 0) {
    [pscustomobject]@{
        PowerShellVersion = $PSVersionTable.PSVersion.ToString()
        PowerShellEdition = $edition
        ModuleVersion     = $null
        ManifestPath      = $null
    }
}
foreach ($module in $found) {
    [pscustomobject]@{
        PowerShellVersion = $PSVersionTable.PSVersion.ToString()
        PowerShellEdition = $edition
        ModuleVersion     = $module.Version.ToString()
        Prerelease        = [string]$module.PrivateData.PSData.Prerelease
        ManifestPath      = $module.Path
    }
}
