# performance-stats.ps1
# Pulls CPU and memory statistics for powered-on VMs in parallel and reports the
# busiest ones. Errors are appended to a log file instead of stopping the run.
param(
    [int]$Hours = 4,
    [int]$Top = 10,
    [int]$ThrottleLimit = 4,
    [string]$LogFile = './perf-stats.log'
)

trap [System.Management.Automation.RuntimeException] {
    "$(Get-Date -Format s) TRAP: $($_.Exception.Message)" >> $LogFile
    continue
}

"$(Get-Date -Format s) run started (window: $Hours h)" >> $LogFile

# Sanity checks using pipeline chain operators (they test $?, not the output).
Get-Item -Path $LogFile -ErrorAction SilentlyContinue *> $null && Write-Verbose "Appending to $LogFile"
Import-Module VMware.VimAutomation.Core -ErrorAction SilentlyContinue && Write-Verbose 'PowerCLI loaded' || Write-Warning 'PowerCLI module not found'
# 'throw' is not a pipeline, so it must be wrapped in $() on the right of || .
Get-Datacenter -ErrorAction SilentlyContinue *> $null || $(throw 'Not connected to a vCenter Server; run Connect-VIServer first.')

$vcName    = $global:DefaultVIServer.Name
$vcSession = $global:DefaultVIServer.SessionSecret
$start     = (Get-Date).AddHours(-$Hours)

$vms = Get-VM | Where-Object { $_.PowerState -eq 'PoweredOn' }

$results = $vms | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
    # Each runspace re-attaches to the caller's vCenter session.
    Import-Module VMware.VimAutomation.Core 2>&1 | Out-Null
    Connect-VIServer -Server $using:vcName -Session $using:vcSession *> $null

    $vm = $_
    $stats = Get-Stat -Entity $vm -Stat cpu.usage.average, mem.usage.average `
        -Start $using:start -Finish (Get-Date) -IntervalMins 5 -ErrorAction SilentlyContinue 2>$null
    $cpu = $stats | Where-Object MetricId -eq 'cpu.usage.average' | Measure-Object -Property Value -Average -Maximum
    $mem = $stats | Where-Object MetricId -eq 'mem.usage.average' | Measure-Object -Property Value -Average -Maximum

    [pscustomobject]@{
        VM         = $vm.Name
        Samples    = $cpu.Count
        CpuAvgPct  = [math]::Round($cpu.Average, 1)
        CpuMaxPct  = [math]::Round($cpu.Maximum, 1)
        MemAvgPct  = [math]::Round($mem.Average, 1)
        MemMaxPct  = [math]::Round($mem.Maximum, 1)
    }
}

$noData = $results | Where-Object Samples -eq 0
foreach ($n in $noData) {
    "$(Get-Date -Format s) no samples for $($n.VM)" >> $LogFile
}

$busiest = $results |
    Where-Object Samples -gt 0 |
    Sort-Object CpuAvgPct -Descending |
    Select-Object -First $Top

$busiest | Format-Table -AutoSize

$overall = $results | Measure-Object -Property CpuAvgPct -Average -Maximum -Minimum
'Fleet CPU average: {0:N1}% (max {1:N1}%, min {2:N1}%) across {3} VMs' -f `
    $overall.Average, $overall.Maximum, $overall.Minimum, $overall.Count

# Capture everything from a noisy command into the log, then hide all streams.
Get-VMHost | Get-Stat -Stat cpu.usage.average -Realtime -MaxSamples 1 2>&1 >> $LogFile
Write-Host 'Host realtime sample logged.' 6> $null
"$(Get-Date -Format s) run finished" >> $LogFile
"$(Get-Date -Format s) $($results.Count) VMs sampled" >> perf-stats-history.txt
