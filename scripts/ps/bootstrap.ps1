# ippsconnect shell integration. Dot-sourced once when PowerShell starts in ippsconnect's pseudo-terminal.
# It makes the end of every command observable: the prompt writes an OSC 633 "D" marker (command done,
# with $? and $LASTEXITCODE) and an "A" marker (prompt start); __ippsBegin writes a "C" marker (command
# output starts). Each marker carries a per-session nonce that is never typed, so the terminal's echo of
# what ippsconnect typed can never be mistaken for a marker.
# Must run unchanged on Windows PowerShell 5.1 and PowerShell 7.

$global:IppsConnectIntegration = @{
    Nonce     = $env:IPPSCONNECT_NONCE
    CommandId = 0
    # ippsconnect keeps typed lines shorter than the terminal: a fixed prompt keeps that computable.
    # A user who takes over the prompt gets the usual "PS <path>> ".
    ShowPath  = $false
}
Remove-Item -Path Env:\IPPSCONNECT_NONCE -ErrorAction SilentlyContinue

# PSReadLine redraws every typed character with colours and keeps a history file; ippsconnect types
# machine-made lines, so the plain console reader is used until a user takes over the prompt.
if ($env:IPPSCONNECT_KEEP_PSREADLINE -ne '1') {
    Remove-Module -Name PSReadLine -ErrorAction SilentlyContinue
}

# Windows consoles default to an OEM code page; module output and user data are Unicode.
try {
    [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
    [Console]::InputEncoding = New-Object System.Text.UTF8Encoding $false
    $global:OutputEncoding = New-Object System.Text.UTF8Encoding $false
} catch {
    # A host without a console (should not happen in a pty): keep its encoding.
}

function global:__ippsMarker {
    param([string]$Payload)
    $esc = [char]27
    $bel = [char]7
    "$esc]633;$Payload;$($global:IppsConnectIntegration.Nonce)$bel"
}

function global:__ippsBegin {
    param([int]$Id)
    $global:IppsConnectIntegration.CommandId = $Id
    # $LASTEXITCODE is sticky across commands; clear it so the prompt reports this command's own.
    $global:LASTEXITCODE = $null
    # ESC[J erases below the cursor: if an earlier command moved the cursor up among old rows, this
    # command's output still starts on blank rows instead of mixing with stale text.
    $Host.UI.Write((__ippsMarker "C;$Id") + [char]27 + '[J')
}

function global:prompt {
    # Read $? and $LASTEXITCODE first: any statement here would overwrite them.
    $succeeded = $?
    $exitCode = $global:LASTEXITCODE
    $id = $global:IppsConnectIntegration.CommandId
    $done = __ippsMarker "D;$id;$([int]$succeeded);$exitCode"
    $ready = __ippsMarker 'A'
    if ($global:IppsConnectIntegration.ShowPath) {
        return "$done${ready}PS $($executionContext.SessionState.Path.CurrentLocation)> "
    }
    "$done${ready}PS> "
}

# Pipes objects into a UTF-8 JSON file, so structured results never depend on console width or encoding.
function global:__ippsResult {
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [int]$Depth = 4,
        [Parameter(ValueFromPipeline = $true)]$InputObject
    )
    begin { $items = New-Object System.Collections.Generic.List[object] }
    process { if ($null -ne $InputObject) { $items.Add($InputObject) } }
    end {
        $json = ConvertTo-Json -InputObject $items.ToArray() -Depth $Depth -Compress
        [System.IO.File]::WriteAllText($Path, $json, (New-Object System.Text.UTF8Encoding $false))
    }
}
