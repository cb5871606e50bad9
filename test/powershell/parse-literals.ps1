<#
    Test oracle for quote.ts: reports what the real PowerShell parser makes of `Write-Output <literal>`.

    Input (-InputPath): one literal per line, as base64 of its UTF-16 code units (little-endian), so
    newlines, NUL and lone surrogates pass through files and pipes unchanged.
    Output: one JSON line per input, in order:
        {"errors":[...], "shape":"string"|"array"|<description>, "values":[<base64 UTF-16>...]}
    shape "string": the only argument is a single-quoted StringConstantExpressionAst, values = [its Value].
    shape "array":  the only argument is @(...) holding nothing, one single-quoted string, or a
                    comma list of them, values = the strings.
    Anything else: shape describes what was found instead, values = [].
#>
param([Parameter(Mandatory = $true)] [string] $InputPath)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

function ConvertFrom-Utf16Base64([string] $Text) {
    $bytes = [Convert]::FromBase64String($Text)
    $chars = [char[]]::new($bytes.Length / 2)
    # BlockCopy copies code units as they are; Encoding.Unicode would replace lone surrogates.
    [Buffer]::BlockCopy($bytes, 0, $chars, 0, $bytes.Length)
    return [string]::new($chars)
}

function ConvertTo-Utf16Base64([string] $Text) {
    $chars = $Text.ToCharArray()
    $bytes = [byte[]]::new($chars.Length * 2)
    [Buffer]::BlockCopy($chars, 0, $bytes, 0, $bytes.Length)
    return [Convert]::ToBase64String($bytes)
}

function Test-SingleQuoted($Ast) {
    return $Ast -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
    $Ast.StringConstantType -eq [System.Management.Automation.Language.StringConstantType]::SingleQuoted
}

# The strings of @(...), or $null when it holds anything but single-quoted strings.
function Get-ArrayStrings($ArrayAst) {
    $statements = $ArrayAst.SubExpression.Statements
    if ($statements.Count -eq 0) { return , @() }
    if ($statements.Count -ne 1) { return $null }
    $pipeline = $statements[0]
    if ($pipeline -isnot [System.Management.Automation.Language.PipelineAst] -or $pipeline.PipelineElements.Count -ne 1) { return $null }
    $element = $pipeline.PipelineElements[0]
    if ($element -isnot [System.Management.Automation.Language.CommandExpressionAst]) { return $null }
    $expression = $element.Expression
    if (Test-SingleQuoted $expression) { return , @($expression.Value) }
    if ($expression -isnot [System.Management.Automation.Language.ArrayLiteralAst]) { return $null }
    foreach ($item in $expression.Elements) { if (-not (Test-SingleQuoted $item)) { return $null } }
    return , @(foreach ($item in $expression.Elements) { $item.Value })
}

function Measure-Literal([string] $Literal) {
    $tokens = $null
    $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput("Write-Output $Literal", [ref]$tokens, [ref]$parseErrors)
    $result = [ordered]@{ errors = [string[]]@(foreach ($parseError in $parseErrors) { $parseError.Message }); shape = ''; values = [string[]]@() }

    if ($null -ne $ast.ParamBlock -or $null -ne $ast.BeginBlock -or $null -ne $ast.ProcessBlock) {
        $result.shape = 'named blocks'
        return $result
    }
    $statements = $ast.EndBlock.Statements
    if ($statements.Count -ne 1) { $result.shape = "$($statements.Count) statements"; return $result }
    $pipeline = $statements[0]
    if ($pipeline -isnot [System.Management.Automation.Language.PipelineAst] -or $pipeline.PipelineElements.Count -ne 1) {
        $result.shape = "statement $($pipeline.GetType().Name) is not a one-command pipeline"
        return $result
    }
    $command = $pipeline.PipelineElements[0]
    if ($command -isnot [System.Management.Automation.Language.CommandAst] -or $command.GetCommandName() -ne 'Write-Output' -or
        $command.CommandElements.Count -ne 2 -or $command.Redirections.Count -ne 0) {
        $result.shape = "not Write-Output with one argument: $($command.Extent.Text)"
        return $result
    }
    $argument = $command.CommandElements[1]
    if (Test-SingleQuoted $argument) {
        $result.shape = 'string'
        $result.values = [string[]]@(ConvertTo-Utf16Base64 $argument.Value)
        return $result
    }
    if ($argument -is [System.Management.Automation.Language.ArrayExpressionAst]) {
        $strings = Get-ArrayStrings $argument
        if ($null -ne $strings) {
            $result.shape = 'array'
            $result.values = [string[]]@(foreach ($string in $strings) { ConvertTo-Utf16Base64 $string })
            return $result
        }
    }
    $type = $argument.GetType().Name
    if ($argument -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $type += "/$($argument.StringConstantType)" }
    $result.shape = "argument is $type"
    return $result
}

# System.Text.Json rather than ConvertTo-Json: a thousand cmdlet calls cost seconds, this costs nothing.
$output = [System.Text.StringBuilder]::new()
foreach ($line in [System.IO.File]::ReadAllLines($InputPath)) {
    if ($line -eq '') { continue }
    $result = Measure-Literal (ConvertFrom-Utf16Base64 $line)
    [void]$output.AppendLine([System.Text.Json.JsonSerializer]::Serialize([object]$result, [System.Collections.IDictionary], [System.Text.Json.JsonSerializerOptions]$null))
}
[Console]::Out.Write($output.ToString())
