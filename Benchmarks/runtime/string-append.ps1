# `$s += 'x'` in a loop: run at N and 2N; linear time means about twice as long.
param([int]$n = 100000)
$s = ''
for ($i = 0; $i -lt $n; $i++) { $s += 'x' }
$s.Length
