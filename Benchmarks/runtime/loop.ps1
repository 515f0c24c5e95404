# A counting loop: 10M iterations of `$sum += $i`.
param([int]$n = 10000000)
$sum = 0
for ($i = 0; $i -lt $n; $i++) { $sum += $i }
$sum
