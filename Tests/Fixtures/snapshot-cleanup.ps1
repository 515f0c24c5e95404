# snapshot-cleanup.ps1
# Finds snapshots older than a given age (default 7 days) and removes them
# asynchronously. Supports -WhatIf / -Confirm through SupportsShouldProcess.
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
param(
    [ValidateRange(1, 365)]
    [int]$OlderThanDays = 7,

    [string[]]$ExcludeVM = @('vCLS*', '*-golden'),

    [switch]$KeepNewestPerVM
)

function Test-Excluded {
    param([string]$Name, [string[]]$Patterns)
    foreach ($p in $Patterns) {
        if ($Name -like $p) { return $true }
    }
    return $false
}

$cutoff = (Get-Date).AddDays(-$OlderThanDays)
Write-Verbose "Removing snapshots created before $($cutoff.ToString('u'))"

$candidates = Get-VM |
    Where-Object { -not (Test-Excluded -Name $_.Name -Patterns $ExcludeVM) } |
    Get-Snapshot |
    Where-Object {$_.Created -lt (Get-Date).AddDays(-$OlderThanDays)}

if ($KeepNewestPerVM) {
    $candidates = $candidates | Group-Object { $_.VM.Name } | ForEach-Object {
        $_.Group | Sort-Object Created -Descending | Select-Object -Skip 1
    }
}

if (-not $candidates) {
    Write-Host 'No snapshots older than the cutoff were found.'
    return
}

$tasks = @()
$freedGB = 0.0
foreach ($snap in $candidates) {
    $age = [int]((Get-Date) - $snap.Created).TotalDays
    $target = '{0} / {1} ({2} days, {3:N2} GB)' -f $snap.VM.Name, $snap.Name, $age, $snap.SizeGB

    if ($PSCmdlet.ShouldProcess($target, 'Remove snapshot')) {
        $tasks += Remove-Snapshot -Snapshot $snap -RemoveChildren:$false -Confirm:$false -RunAsync
        $freedGB += $snap.SizeGB
    } else {
        Write-Verbose "Skipped $target"
    }
}

if ($tasks.Count -gt 0) {
    Write-Host "Waiting for $($tasks.Count) removal task(s)..."
    $tasks | Wait-Task -ErrorAction Continue | Out-Null
    $failed = Get-Task -Id $tasks.Id | Where-Object { $_.State -eq 'Error' }
    foreach ($t in $failed) {
        Write-Warning "Task $($t.Id) failed: $($t.ExtensionData.Info.Error.LocalizedMessage)"
    }
}

[pscustomobject]@{
    Cutoff          = $cutoff
    SnapshotsFound  = @($candidates).Count
    TasksSubmitted  = $tasks.Count
    ApproxFreedGB   = [math]::Round($freedGB, 2)
    WhatIf          = [bool]$WhatIfPreference
}
