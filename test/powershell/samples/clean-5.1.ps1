# Windows PowerShell 5.1 code that comes close to check-syntax.ps1's rules but is fine.
[CmdletBinding()]
param([string] $Name = 'x')
$Global:IsWindows = $true                      # module 3.0.0 workaround: assigning is not reading
[bool]$IsLinux = $false
if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) { 'windows' }
elseif ($IsMacOS) { 'mac' }
else { if ($IsLinux) { 'linux' } }
if ($PSVersionTable.PSVersion.Major -ge 6 -and $IsWindows) { }
$env:IsWindows
$onWindows = ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows)
$onLinux = $PSVersionTable.PSEdition -eq 'Core' -and $Name -and $IsLinux
$a = if ($Name) { 1 } else { 2 }
$b = $null; if ($null -eq $b) { $b = 3 }
$c = "tab `t, escaped ``e and `E"
$d = 'single-quoted `e and `u{41} stay literal'
$e = @'
here `e
'@
$f = "$('`e inside single quotes')"
$g = 1l + 0x1F + 1kb + 1d + 1e3 + 0xff
1..3 | ForEach-Object -Process { $_ } | % { $_ }
foreach ($item in 1..3) { $item }
$h = @{ Parallel = 1 }; $h.Parallel
$i = $h['Parallel']
function Get-Thing { begin { } process { } end { } }
Get-Thing; cmd /c "a && b"
Write-Output $a $b $c $d $e $f $g $i $onWindows $onLinux
