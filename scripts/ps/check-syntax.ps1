<#
.SYNOPSIS
    Reports PowerShell that Windows PowerShell 5.1 cannot run, so ippsconnect's scripts and generated
    commands stay compatible with both editions.

.DESCRIPTION
    Parses each file (-Path) and each command string (-Command, or -CommandJsonPath: a JSON array of
    strings) and walks the syntax tree for constructs that PowerShell 7 accepts and 5.1 does not. Some are
    parse errors in 5.1; others (`e, `u{}, clean, 1u, $IsWindows) parse there but silently mean something
    else, which is why a 5.1 parse alone is not enough and why this runs under pwsh 7 too.

    Rules (the `rule` field):
      parse-error        any error from the parser running this script
      ternary-operator   $a ? $b : $c                                  (7.0)
      pipeline-chain     a && b, a || b                                (7.0)
      null-coalescing    $a ?? $b, $a ??= $b                           (7.0)
      null-conditional   ${a}?.b, ${a}?.M(), ${a}?[0]                  (7.1)
      foreach-parallel   ForEach-Object -Parallel (also foreach, %)    (7.0)
      clean-block        a clean { } block; 5.1 reads it as a command named clean (7.3)
      escape-sequence    `e and `u{...} in double-quoted strings, here-strings and bare words; 5.1 reads
                         them as the letters e and u                   (6.0)
      numeric-literal    number suffixes u, y, s, n (1u, 1uy, 1s, 1n) and 0b binary literals (7.0)
      platform-variable  reading $IsWindows, $IsLinux or $IsMacOS outside a guard; 5.1 has no such
                         variables, so they read as $null (false)      (6.0)

    The guard for platform-variable is syntactic and deliberately simple. An "edition test" is any
    expression mentioning $PSVersionTable.PSEdition or $PSVersionTable.PSVersion. A read is allowed when
      - it is the right operand of -and / -or whose left operand is an edition test (PowerShell
        evaluates the left side first and skips the right when it decides), or
      - it sits in an `if`/`elseif` condition or body, or an `else` body, and that clause's condition or
        an earlier condition of the same `if` contains an edition test.
    e.g.  return ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows)
          if ($PSVersionTable.PSEdition -eq 'Core') { if ($IsLinux) { ... } } elseif ($IsMacOS) { ... }
    It does not judge whether the test is the right one.
    Assigning the variable is not a read and is allowed anywhere: module 3.0.0 in 5.1 needs
    `$Global:IsWindows = $true` (exo-facts §1).

    Output: one JSON object per line, {"file","line","column","rule","text"}, ASCII only (non-ASCII is
    \u-escaped, so the console encoding cannot garble it). For a command, `file` is "<command N>" with
    N its 0-based index. Exit code 0: nothing found; 1: findings; 2: the check itself failed (e.g. a
    file could not be read).

    This script is itself Windows PowerShell 5.1 syntax and runs there too (the 7-only node types are
    matched by name, not by [type], since 5.1 does not define them).

.EXAMPLE
    pwsh -NoProfile -File scripts/ps/check-syntax.ps1 scripts/ps/*.ps1
#>
using namespace System.Management.Automation.Language

[CmdletBinding()]
param(
    [Parameter(Position = 0, ValueFromRemainingArguments = $true)]
    [string[]] $Path = @(),

    [string[]] $Command = @(),

    [string] $CommandJsonPath
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$PlatformVariables = @('IsWindows', 'IsLinux', 'IsMacOS')
$MaxTextLength = 120

$findings = New-Object System.Collections.Generic.List[object]

# Findings of the source being checked; Test-Source sorts them by position before keeping them.
$sourceFindings = New-Object System.Collections.Generic.List[object]

function Add-Finding([string] $Source, [int] $Line, [int] $Column, [string] $Rule, [string] $Text) {
    # One line of context is enough to find the spot; a whole clean block or here-string is not useful.
    $firstLine = ($Text -split "`r?`n", 2)[0]
    if ($firstLine.Length -gt $MaxTextLength) { $firstLine = $firstLine.Substring(0, $MaxTextLength) + '...' }
    $sourceFindings.Add([ordered]@{
            file   = $Source
            line   = $Line
            column = $Column
            rule   = $Rule
            text   = $firstLine
        })
}

function Add-AstFinding([string] $Source, $Ast, [string] $Rule) {
    Add-Finding $Source $Ast.Extent.StartLineNumber $Ast.Extent.StartColumnNumber $Rule $Ast.Extent.Text
}

function Get-OptionalProperty($Object, [string] $Name) {
    # Properties added after 5.1 (NullConditional, CleanBlock) do not exist there; strict mode would throw.
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

# All tokens, including those nested inside "...$(...)..." strings, which the top-level list omits.
function Get-AllTokens($Tokens) {
    foreach ($token in $Tokens) {
        $token
        if ($token -is [StringExpandableToken] -and $null -ne $token.NestedTokens) {
            Get-AllTokens $token.NestedTokens
        }
    }
}

# The text of an expandable token with its nested tokens blanked out, so a `e inside '...' within a
# $(...) subexpression is not mistaken for an escape of the outer string.
function Get-OwnText($Token) {
    $chars = $Token.Text.ToCharArray()
    if ($Token -is [StringExpandableToken] -and $null -ne $Token.NestedTokens) {
        foreach ($nested in $Token.NestedTokens) {
            $from = $nested.Extent.StartOffset - $Token.Extent.StartOffset
            $to = [Math]::Min($nested.Extent.EndOffset - $Token.Extent.StartOffset, $chars.Length)
            for ($i = [Math]::Max($from, 0); $i -lt $to; $i++) { $chars[$i] = ' ' }
        }
    }
    return New-Object string (, $chars)
}

# Offsets of the escapes 5.1 does not know: `e (ESC) and `u{hex}. A backtick always consumes the next
# character, so ``e is an escaped backtick followed by a plain e. Escape letters are case-sensitive.
function Find-NewEscapes([string] $Text) {
    $i = 0
    while ($i -lt $Text.Length - 1) {
        if ($Text[$i] -ceq '`') {
            $next = $Text[$i + 1]
            if ($next -ceq 'e' -or ($next -ceq 'u' -and $i + 2 -lt $Text.Length -and $Text[$i + 2] -ceq '{')) { $i }
            $i += 2
        }
        else { $i++ }
    }
}

function Add-EscapeFinding([string] $Source, $Token, [int] $Offset) {
    # Point at the escape itself, which may sit lines below the start of a here-string.
    $before = $Token.Text.Substring(0, $Offset)
    $lineBreak = $before.LastIndexOf("`n")
    $line = $Token.Extent.StartLineNumber + ([regex]::Matches($before, "`n")).Count
    if ($lineBreak -lt 0) { $column = $Token.Extent.StartColumnNumber + $Offset } else { $column = $Offset - $lineBreak }
    Add-Finding $Source $line $column 'escape-sequence' $Token.Text.Substring($Offset)
}

# 7.0 number suffixes (u, ul, uy, us, y, s, n, optionally with a kb..pb multiplier) and 0b binary.
$NewNumberSyntax = '(?i)^0b[01]|(?:[uysn]|u[lys])(?:[kmgtp]b)?$'

# The name without scope or drive: $Global:IsWindows -> IsWindows.
function Get-VariableName($VariableAst) {
    return $VariableAst.VariablePath.UserPath -replace '^[^:]*:', ''
}

function Test-MentionsEdition($Ast) {
    $hit = $Ast.Find({
            param($node)
            $node -is [MemberExpressionAst] -and
            $node.Expression -is [VariableExpressionAst] -and
            (Get-VariableName $node.Expression) -eq 'PSVersionTable' -and
            $node.Member -is [StringConstantExpressionAst] -and
            ($node.Member.Value -eq 'PSEdition' -or $node.Member.Value -eq 'PSVersion')
        }, $true)
    return $null -ne $hit
}

# See "guard" in the help above.
function Test-EditionGuarded($Node) {
    $child = $Node
    $parent = $Node.Parent
    while ($null -ne $parent) {
        if ($parent -is [BinaryExpressionAst] -and [object]::ReferenceEquals($child, $parent.Right) -and
            ($parent.Operator.ToString() -eq 'And' -or $parent.Operator.ToString() -eq 'Or') -and
            (Test-MentionsEdition $parent.Left)) {
            return $true
        }
        if ($parent -is [IfStatementAst]) {
            $tested = $false
            $inClause = $false
            foreach ($clause in $parent.Clauses) {
                if (Test-MentionsEdition $clause.Item1) { $tested = $true }
                if ([object]::ReferenceEquals($child, $clause.Item1) -or [object]::ReferenceEquals($child, $clause.Item2)) {
                    $inClause = $true
                    break
                }
            }
            $inElse = [object]::ReferenceEquals($child, $parent.ElseClause)
            if ($tested -and ($inClause -or $inElse)) { return $true }
        }
        $child = $parent
        $parent = $parent.Parent
    }
    return $false
}

function Test-AssignmentTarget($Node) {
    # [bool]$Global:IsWindows = $true puts the variable under a cast on the left-hand side.
    $target = $Node
    while ($target.Parent -is [AttributedExpressionAst]) { $target = $target.Parent }
    return $target.Parent -is [AssignmentStatementAst] -and [object]::ReferenceEquals($target.Parent.Left, $target)
}

function Test-ForEachParallel($CommandAst) {
    $name = $CommandAst.GetCommandName()
    if ($null -eq $name) { return $false }
    $name = $name.Substring($name.LastIndexOf('\') + 1)  # Microsoft.PowerShell.Core\ForEach-Object
    if (-not ($name -eq 'ForEach-Object' -or $name -eq 'foreach' -or $name -eq '%')) { return $false }
    foreach ($element in $CommandAst.CommandElements) {
        # Parameter names may be shortened to any unambiguous prefix: -Pa is already -Parallel.
        if ($element -is [CommandParameterAst] -and $element.ParameterName.Length -ge 2 -and
            'Parallel'.StartsWith($element.ParameterName, [StringComparison]::OrdinalIgnoreCase)) {
            return $true
        }
    }
    return $false
}

function Test-Source([string] $Source, $Ast, $Tokens, $ParseErrors) {
    $sourceFindings.Clear()
    foreach ($parseError in $ParseErrors) {
        $extent = $parseError.Extent
        Add-Finding $Source $extent.StartLineNumber $extent.StartColumnNumber 'parse-error' $parseError.Message
    }

    foreach ($node in $Ast.FindAll({ $true }, $true)) {
        switch ($node.GetType().Name) {
            'TernaryExpressionAst' { Add-AstFinding $Source $node 'ternary-operator' }
            'PipelineChainAst' { Add-AstFinding $Source $node 'pipeline-chain' }
            'BinaryExpressionAst' {
                if ($node.Operator.ToString() -eq 'QuestionQuestion') { Add-AstFinding $Source $node 'null-coalescing' }
            }
            'AssignmentStatementAst' {
                if ($node.Operator.ToString() -eq 'QuestionQuestionEquals') { Add-AstFinding $Source $node 'null-coalescing' }
            }
            'CommandAst' {
                if (Test-ForEachParallel $node) { Add-AstFinding $Source $node 'foreach-parallel' }
            }
            'ScriptBlockAst' {
                $clean = Get-OptionalProperty $node 'CleanBlock'
                if ($null -ne $clean) { Add-AstFinding $Source $clean 'clean-block' }
            }
            'VariableExpressionAst' {
                $variablePath = $node.VariablePath
                $isPlatformVariable = $PlatformVariables -contains (Get-VariableName $node) -and
                    (-not $variablePath.IsDriveQualified -or $variablePath.DriveName -eq 'variable')
                if ($isPlatformVariable -and -not (Test-AssignmentTarget $node) -and -not (Test-EditionGuarded $node)) {
                    Add-AstFinding $Source $node 'platform-variable'
                }
            }
        }
        # Member and index access (InvokeMemberExpressionAst derives from MemberExpressionAst).
        if (($node -is [MemberExpressionAst] -or $node -is [IndexExpressionAst]) -and
            (Get-OptionalProperty $node 'NullConditional') -eq $true) {
            Add-AstFinding $Source $node 'null-conditional'
        }
    }

    foreach ($token in (Get-AllTokens $Tokens)) {
        $kind = $token.Kind.ToString()
        if ($kind -eq 'StringExpandable' -or $kind -eq 'HereStringExpandable' -or $kind -eq 'Generic') {
            foreach ($offset in (Find-NewEscapes (Get-OwnText $token))) {
                Add-EscapeFinding $Source $token $offset
            }
        }
        elseif ($kind -eq 'Number' -and $token.Text -match $NewNumberSyntax) {
            Add-Finding $Source $token.Extent.StartLineNumber $token.Extent.StartColumnNumber 'numeric-literal' $token.Text
        }
    }

    foreach ($finding in ($sourceFindings | Sort-Object { $_.line }, { $_.column })) { $findings.Add($finding) }
}

function ConvertTo-AsciiJson($Object) {
    $json = ConvertTo-Json -InputObject $Object -Compress
    return [regex]::Replace($json, '[^\u0000-\u007F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}

try {
    $commands = New-Object System.Collections.Generic.List[string]
    foreach ($text in $Command) { $commands.Add($text) }
    if ($CommandJsonPath) {
        $json = [System.IO.File]::ReadAllText((Resolve-Path -LiteralPath $CommandJsonPath).ProviderPath)
        # 5.1 emits a JSON array as one object, 7 enumerates it; the foreach statement handles both.
        $parsed = ConvertFrom-Json -InputObject $json
        foreach ($text in $parsed) { $commands.Add([string]$text) }
    }

    foreach ($file in $Path) {
        $tokens = $null
        $parseErrors = $null
        $fullPath = (Resolve-Path -LiteralPath $file).ProviderPath
        $ast = [Parser]::ParseFile($fullPath, [ref]$tokens, [ref]$parseErrors)
        Test-Source $file $ast $tokens $parseErrors
    }
    for ($index = 0; $index -lt $commands.Count; $index++) {
        $tokens = $null
        $parseErrors = $null
        $ast = [Parser]::ParseInput($commands[$index], [ref]$tokens, [ref]$parseErrors)
        Test-Source "<command $index>" $ast $tokens $parseErrors
    }
}
catch {
    [Console]::Error.WriteLine("check-syntax: $($_.Exception.Message)")
    exit 2
}

foreach ($finding in $findings) { ConvertTo-AsciiJson $finding }
if ($findings.Count -gt 0) { exit 1 }
exit 0
