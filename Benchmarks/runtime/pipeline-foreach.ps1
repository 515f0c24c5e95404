# The work of pipeline.ps1 with a foreach statement instead of a pipeline.
param([int]$n = 1000000)
$count = 0
$sum = 0
foreach ($i in 1..$n) {
    if ($i % 3 -eq 0) {
        $o = [pscustomobject]@{ Id = $i; Double = $i * 2 }
        $count++; $sum += $o.Double
    }
}
"$count $sum"
