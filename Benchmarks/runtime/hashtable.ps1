# 1M hashtable inserts, then 1M lookups.
param([int]$n = 1000000)
$h = @{}
for ($i = 0; $i -lt $n; $i++) { $h[$i] = $i }
$sum = 0
for ($i = 0; $i -lt $n; $i++) { $sum += $h[$i] }
"$($h.Count) $sum"
