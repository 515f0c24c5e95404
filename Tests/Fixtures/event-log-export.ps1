# event-log-export.ps1
# Exports vCenter events for a time window to JSON files, one file per event
# category, plus a small summary. Event filters are built as closures so they
# can be reused for every entity type.
param(
    [string]$OutputFolder = (Join-Path $HOME 'vcenter-events'),
    [object]$Since = (Get-Date).AddHours(-24),
    [string]$MaxSamples = '5000',
    [string[]]$Categories = @('Power', 'Snapshot', 'Migration', 'Error')
)

# Accept either a [datetime] or a string such as '2024-03-01 08:00'.
$start = if ($Since -is [datetime]) { $Since } else { [datetime]$Since }
$limit = $MaxSamples -as [int]
if ($null -eq $limit -or $limit -le 0) { throw "MaxSamples '$MaxSamples' is not a positive integer." }

if (-not (Test-Path -Path $OutputFolder -PathType Container)) {
    New-Item -ItemType Directory –Path $OutputFolder -Force | Out-Null
}
$parent = Split-Path -Path $OutputFolder -Parent
$leaf   = Split-Path -Path $OutputFolder -Leaf
Write-Verbose “Writing to folder '$leaf' under $parent”

# Build one filter script block per category. GetNewClosure() captures $pattern
# at creation time so each block keeps its own value.
$filters = @{}
foreach ($category in $Categories) {
    $pattern = switch ($category) {
        'Power'     { 'VmPoweredOnEvent|VmPoweredOffEvent|VmGuestShutdownEvent|VmResettingEvent' }
        'Snapshot'  { 'Snapshot' }
        'Migration' { 'VmMigratedEvent|DrsVmMigratedEvent|VmRelocatedEvent' }
        'Error'     { 'Error|Failed' }
    }
    $filters[$category] = { param($evt) $evt.GetType().Name -match $pattern -or $evt.FullFormattedMessage -match $pattern }.GetNewClosure()
}

$events = Get-VIEvent -Start $start -Finish (Get-Date) -MaxSamples $limit
Write-Host ('Retrieved {0} events since {1:g}' -f @($events).Count, $start)

# Helper loaded into the current scope with dot-sourcing of a script block.
. {
    function ConvertTo-EventRecord([object]$e) {
        [ordered]@{
            Key      = $e.Key
            Time     = $e.CreatedTime.ToUniversalTime().ToString('o')
            Type     = $e.GetType().Name
            User     = $e.UserName
            Entity   = $e.Vm.Name ?? $e.Host.Name ?? $e.Datacenter.Name
            Message  = $e.FullFormattedMessage.Trim()
            Chain    = [int[]]@($e.ChainId, $e.Key)
        }
    }
}

$written = [System.Collections.Generic.List[string]]@()
foreach ($category in $filters.Keys) {
    $test = $filters[$category]
    $matched = @($events | Where-Object { & $test $_ })
    if ($matched.Count -eq 0) { continue }

    $file = Join-Path -Path $OutputFolder -ChildPath ("{0}-{1:yyyyMMdd-HHmm}.json" -f $category.ToLowerInvariant(), (Get-Date))
    $matched | ForEach-Object { ConvertTo-EventRecord $_ } |
        ConvertTo-Json -Depth 3 |
        Out-File -FilePath $file -Encoding utf8 -Force
    $written.Add($file)
}

$summary = [pscustomobject]@{
    Window      = '{0:u} – {1:u}' -f $start, (Get-Date)
    Total       = @($events).Count
    Files       = $written.ToArray()
    TopUsers    = $events | Group-Object UserName | Sort-Object Count -Descending |
                  Select-Object -First 5 -Property Name, Count
    HostName    = [System.Net.Dns]::GetHostName()
    Elapsed     = [timespan]::FromSeconds([math]::Ceiling(([datetime]::Now - $start).TotalSeconds))
}
$summaryPath = [System.IO.Path]::Combine($OutputFolder, 'summary.json')
$summary | ConvertTo-Json -Depth 3 | Set-Content -Path $summaryPath

$count = ($written.Count -as [string]) + ' file(s)'
Write-Host ‘Done: ’ $count
& (Get-Command Write-Host) "Summary: $summaryPath"
