# Filtering and projecting 1M items through a pipeline: every third number becomes a
# [pscustomobject], and a last stage adds them up.
param([int]$n = 1000000)
$count = 0
$sum = 0
1..$n | Where-Object { $_ % 3 -eq 0 } |
    ForEach-Object { [pscustomobject]@{ Id = $_; Double = $_ * 2 } } |
    ForEach-Object { $count++; $sum += $_.Double }
"$count $sum"
