# 100k string appends of an expandable string: `$s += "$i,"`.
param([int]$n = 100000)
$s = ''
for ($i = 0; $i -lt $n; $i++) { $s += "$i," }
"$($s.Length) $($s.Substring($s.Length - 8))"
