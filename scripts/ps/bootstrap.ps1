# ippsconnect shell integration. Dot-sourced once when PowerShell starts in ippsconnect's pseudo-terminal.
#
# Requests do not go through the interactive prompt: this script connects to ippsconnect's private command
# channel (a named pipe on Windows, a Unix socket in the session's 0700 folder elsewhere) and runs a loop
# that reads one request per line, runs its code in the global scope (variables, functions and modules
# persist as at the prompt), sends the output to Out-Default (the console, as the prompt would) and writes
# OSC 633 markers around it on the console: "C;<id>" (output starts) and
# "D;<id>;<$?>;<$LASTEXITCODE>;<lines sent back>" (done). Output and markers travel on the same console
# stream, so they stay in order; structured results travel back on the channel itself (__ippsReply). Each
# marker carries a per-session nonce that no request contains, so printed text can never be mistaken for one.
#
# The loop runs at a nested prompt ($Host.EnterNestedPrompt), whose line reader is ours
# (PSConsoleHostReadLine, which the console host calls for every line): it gives `. __ippsLoop`, so nothing
# is typed (only a person's prompt, after a hand-over that ended early, gets it typed). The prompt writes the same markers plus "A" (prompt start): it shows after Ctrl+C stopped a
# request (the line reader then goes straight back to the loop) and when a person takes the session over (a
# "leave" request ends the loop; the hand-over imports PSReadLine, whose line reader replaces ours).
# PowerShell starts with -Command and without -NoExit, so it does not import PSReadLine at start (the
# console host does for -NoExit): over 100 ms that only a person at the prompt needs.
# Must run unchanged on Windows PowerShell 5.1 and PowerShell 7. Until the loop runs, only the language and
# .NET are used, no cmdlet of Microsoft.PowerShell.Management or .Utility: the first use of either loads the
# whole module (over 100 ms each at start), which only code that needs it should pay.

$global:IppsConnectIntegration = @{
    Nonce     = $env:IPPSCONNECT_NONCE
    CommandId = 0
    # The prompt ippsconnect itself might see is fixed; a user who takes over gets "PS <path>> ".
    ShowPath  = $false
    Channel   = $null
    Reader    = $null
    # The line the loop read and has not dispatched yet (see __ippsLoop).
    Held      = $null
    # Lines the running request sent back on the channel (__ippsReply).
    Replies   = 0
    # A request is running: it started (C marker) and has not ended (D marker).
    Running   = $false
    # A person has the prompt ("leave"); the session is closing (the channel ended).
    HandedOver = $false
    Closing   = $false
}
[System.Environment]::SetEnvironmentVariable('IPPSCONNECT_NONCE', $null)

# PowerShell 7 drops colours under NO_COLOR; ippsconnect tells error records from output by their colour
# ($PSStyle.Formatting.Error), so colours stay on until a person takes over (the session restores them).
if ($null -ne $ExecutionContext.SessionState.PSVariable.GetValue('PSStyle')) {
    $global:IppsConnectIntegration.OutputRendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'Ansi'
}

# Windows consoles default to an OEM code page; module output and user data are Unicode.
try {
    [Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)
    [Console]::InputEncoding = [System.Text.UTF8Encoding]::new($false)
    $global:OutputEncoding = [System.Text.UTF8Encoding]::new($false)
} catch {
    # A host without a console (should not happen in a pty): keep its encoding.
}

# A marker is "ESC ] 633 ; <payload> ; <nonce> BEL". The parts around the payload are made once: the loop
# writes two markers per request, and a function call per marker costs more than the rest of a small request.
$global:IppsConnectIntegration.MarkerStart = "$([char]27)]633;"
$global:IppsConnectIntegration.MarkerEnd = ";$($global:IppsConnectIntegration.Nonce)$([char]7)"

function global:__ippsMarker {
    param([string]$Payload)
    $global:IppsConnectIntegration.MarkerStart + $Payload + $global:IppsConnectIntegration.MarkerEnd
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
    # Nobody reads this prompt (the line reader answers it at once): the markers alone, so the next
    # request's output starts on a clean line.
    "$done$ready"
}

# The console host's line reader while ippsconnect has the session: back to the loop, at once. After the
# hand-over PSReadLine's replaces it; without PSReadLine the person gets the console's own line editing.
function global:PSConsoleHostReadLine {
    if (-not $global:IppsConnectIntegration.HandedOver) { return '. __ippsLoop' }
    $ExecutionContext.SessionState.InvokeProvider.Item.Remove('Function:\PSConsoleHostReadLine', $false)
    $Host.UI.ReadLine()
}

# Sends one line back to ippsconnect on the channel: "<request id> <text>". Structured results travel this
# way, never on the console: they do not show, and they do not depend on the console's width or code page.
# The request's done marker says how many lines it sent, so ippsconnect knows when it has them all.
function global:__ippsReply {
    param([string]$Text)
    $__ipps = $global:IppsConnectIntegration
    $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes("$($__ipps.CommandId) $Text`n")
    $__ipps.Channel.Write($bytes, 0, $bytes.Length)
    $__ipps.Channel.Flush()
    $__ipps.Replies++
}

# Pipes objects back to ippsconnect as one JSON line ("result <json>"): -Compress writes no line break (one
# inside a string is escaped as \n).
function global:__ippsResult {
    param(
        [int]$Depth = 4,
        [Parameter(ValueFromPipeline = $true)]$InputObject
    )
    begin { $items = [System.Collections.Generic.List[object]]::new() }
    process { if ($null -ne $InputObject) { $items.Add($InputObject) } }
    end { __ippsReply "result $(ConvertTo-Json -InputObject $items.ToArray() -Depth $Depth -Compress)" }
}

# Runs the request's code dot-sourced, so it lands in the scope the loop runs in: the global one. Made
# from text rather than written here, so errors point at the request's own line ("Write-Error: x") and not
# at this file. The loop around it catches a stray break/continue in the request; the request's last line
# records its own $? (appended by the loop), as the prompt would see it.
$global:IppsConnectIntegration.Runner = [scriptblock]::Create(
    'foreach ($__ippsOnce in 1) { . $global:IppsConnectIntegration.Block | Out-Default }'
)

# Reads requests until a "leave" request. Must be dot-sourced (`. __ippsLoop`) so requests run in the
# caller's scope. A request is one line: `<id> run <base64 of UTF-8 code>` or `<id> leave`; an empty line
# only wakes the loop.
# The read blocks: an asynchronous read with short waits hands each request across two threads, which cost
# a tenth to a fifth of a small request's time (medians 1.13-1.27 ms against 1.00-1.03). Ctrl+C cannot
# stop a blocked read, so after Ctrl+C ippsconnect sends empty lines until the loop is back
# (PowerShellHost.interrupt): the read returns, and PowerShell stops the loop at the next command.
function global:__ippsLoop {
    $__ipps = $global:IppsConnectIntegration
    # A request Ctrl+C stopped has ended (the prompt's D marker said so).
    $__ipps.Running = $false
    $Host.UI.Write((__ippsMarker 'R'))
    while ($true) {
        # A Ctrl+C that came while the read was blocked stops the loop once the read has returned, at the next
        # command PowerShell invokes. So the line is held (one statement reads and holds it) across a command
        # that does nothing: if the loop stops there, the restarted loop runs the line it holds.
        if ($null -eq $__ipps.Held) { $__ipps.Held = , $__ipps.Reader.ReadLine() }
        __ippsCheckpoint
        $__ippsLine = $__ipps.Held[0]
        $__ipps.Held = $null
        # The channel ended: ippsconnect closes the session (or went away). SetShouldExit ends the nested
        # prompt once the loop returns, and the bootstrap, seeing Closing, exits PowerShell with 0.
        if ($null -eq $__ippsLine) {
            $__ipps.Closing = $true
            $Host.SetShouldExit(0)
            return
        }
        if ($__ippsLine -eq '') { continue }
        $__ippsFields = $__ippsLine.Split(' ')
        if ($__ippsFields[1] -eq 'leave') {
            $__ipps.HandedOver = $true
            return
        }
        $__ipps.CommandId = [int]$__ippsFields[0]
        $__ippsCode = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($__ippsFields[2]))
        $global:LASTEXITCODE = $null
        $__ipps.Succeeded = $true
        $__ipps.Replies = 0
        $__ipps.Running = $true
        $Host.UI.Write($__ipps.MarkerStart + 'C;' + $__ipps.CommandId + $__ipps.MarkerEnd)
        try {
            $__ipps.Block = [scriptblock]::Create($__ippsCode + "`n`$global:IppsConnectIntegration.Succeeded = `$?")
            . $__ipps.Runner
        } catch {
            $__ipps.Succeeded = $false
            $__ippsRecord = $_
            # A parse error comes wrapped by [scriptblock]::Create: show it as the prompt would.
            $__ippsInner = $__ippsRecord.Exception.InnerException
            if ($__ippsInner -is [System.Management.Automation.IContainsErrorRecord]) { $__ippsRecord = $__ippsInner.ErrorRecord }
            $__ippsRecord | Out-Default
        }
        $__ipps.Block = $null
        __ippsDone $__ipps.Succeeded $global:LASTEXITCODE
    }
}

# Does nothing: invoking a command is where PowerShell stops a pipeline that Ctrl+C stopped (see __ippsLoop).
function global:__ippsCheckpoint { }

# The running request has ended: its done marker, with how many lines it sent back on the channel.
function global:__ippsDone {
    param([bool]$Succeeded, $ExitCode)
    $__ipps = $global:IppsConnectIntegration
    $__ipps.Running = $false
    $Host.UI.Write($__ipps.MarkerStart + "D;$($__ipps.CommandId);$([int]$Succeeded);$ExitCode;$($__ipps.Replies)" + $__ipps.MarkerEnd)
}

# A request called `exit`: it ends with that exit code (success when 0), as a script run with `&` would.
function global:__ippsExited {
    # A bare `exit` leaves $LASTEXITCODE as the loop set it (unset): exit code 0, as PowerShell's own.
    $code = if ($null -eq $global:LASTEXITCODE) { 0 } else { $global:LASTEXITCODE }
    __ippsDone ($code -eq 0) $code
}

# The channel: connect, then prove who we are with the nonce (the server ignores any other client).
if ($env:IPPSCONNECT_CHANNEL) {
    $channel = [System.IO.Pipes.NamedPipeClientStream]::new('.', $env:IPPSCONNECT_CHANNEL, [System.IO.Pipes.PipeDirection]::InOut)
    $channel.Connect(30000)
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    $hello = $utf8.GetBytes("$($global:IppsConnectIntegration.Nonce)`n")
    $channel.Write($hello, 0, $hello.Length)
    $channel.Flush()
    $global:IppsConnectIntegration.Channel = $channel
    $global:IppsConnectIntegration.Reader = [System.IO.StreamReader]::new($channel, $utf8)
    [System.Environment]::SetEnvironmentVariable('IPPSCONNECT_CHANNEL', $null)
    foreach ($name in 'channel', 'utf8', 'hello', 'name') { $ExecutionContext.SessionState.PSVariable.Remove($name) }
    # The loop runs at the nested prompt (its line reader starts it). `exit` in a request ends the nested
    # prompt, not PowerShell: that request ends with its exit code and the loop goes on, so the session can
    # still disconnect. The prompt is left for good when the channel ends or the person at it types exit.
    while ($true) {
        $Host.EnterNestedPrompt()
        if ($global:IppsConnectIntegration.Closing) { exit 0 }
        if ($global:IppsConnectIntegration.HandedOver) { exit $global:LASTEXITCODE }
        if ($global:IppsConnectIntegration.Running) { __ippsExited }
    }
}
