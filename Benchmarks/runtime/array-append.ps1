# `$a += $i` in a loop: run at N and 2N; linear time means about twice as long.
param([int]$n = 100000)
$a = @()
for ($i = 0; $i -lt $n; $i++) { $a += $i }
"$($a.Count) $($a[-1])"
