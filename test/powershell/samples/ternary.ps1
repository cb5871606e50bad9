# Windows PowerShell 5.1 cannot parse the ternary operator.
$y = $x ? 1 : 2
