# 100k calls of a small function.
param([int]$n = 100000)
function add($x, $y) { $x + $y }
$sum = 0
for ($i = 0; $i -lt $n; $i++) { $sum = add $sum $i }
$sum
