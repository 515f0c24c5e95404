# power-schedule.ps1
# Applies an after-hours power policy: VMs are matched by name with wildcard
# patterns and started, gracefully shut down, or hard-stopped. Guest shutdowns
# are polled until the VM is off or a timeout expires.
param(
    [ValidateSet('Evening', 'Morning')]
    [string]$Window = 'Evening',
    [int]$ShutdownTimeoutSeconds = 300,
    [int]$PollSeconds = 10,
    [switch]$DryRun
)

$pending = New-Object System.Collections.ArrayList
$summary = @{ Started = 0; ShutDown = 0; Stopped = 0; Skipped = 0 }

:vmLoop foreach ($vm in Get-VM | Sort-Object Name)
{
    $action = switch -Wildcard ($vm.Name)
    {
        'vCLS*'        { 'Skip'; break }
        '*-dc0?'       { 'Skip'; break }
        'prd-*'        { 'Skip'; break }
        'dev-*'        { if ($Window -eq 'Evening') { 'Shutdown' } else { 'Start' } }
        'tst-*'        { if ($Window -eq 'Evening') { 'Stop' } else { 'Start' } }
        'lab-??-*'     { 'Stop' }
        default        { 'Skip' }
    }

    # A VM that matched more than one pattern gets the first decision only.
    $action = @($action)[0]

    switch ($action)
    {
        'Skip'
        {
            $summary.Skipped++
            continue vmLoop
        }
        'Start'
        {
            if ($vm.PowerState -eq 'PoweredOn') { continue vmLoop }
            Write-Host "Starting $($vm.Name)"
            if (-not $DryRun) { Start-VM -VM $vm -Confirm:$false -RunAsync | Out-Null }
            $summary.Started++
        }
        'Shutdown'
        {
            if ($vm.PowerState -ne 'PoweredOn') { continue vmLoop }
            if ($vm.ExtensionData.Guest.ToolsRunningStatus -ne 'guestToolsRunning')
            {
                Write-Warning "$($vm.Name): VMware Tools not running, will hard stop."
                if (-not $DryRun) { Stop-VM -VM $vm -Confirm:$false | Out-Null }
                $summary.Stopped++
                continue vmLoop
            }
            Write-Host "Shutting down guest on $($vm.Name)"
            if (-not $DryRun)
            {
                Shutdown-VMGuest -VM $vm -Confirm:$false | Out-Null
                [void]$pending.Add($vm.Name)
            }
            $summary.ShutDown++
        }
        'Stop'
        {
            if ($vm.PowerState -eq 'PoweredOff') { continue vmLoop }
            Write-Host "Powering off $($vm.Name)"
            if (-not $DryRun) { Stop-VM -VM $vm -Kill:$false -Confirm:$false | Out-Null }
            $summary.Stopped++
        }
    }
}

if ($pending.Count -gt 0)
{
    $deadline = (Get-Date).AddSeconds($ShutdownTimeoutSeconds)
    :waitLoop do
    {
        Start-Sleep -Seconds $PollSeconds
        $stillOn = @(Get-VM -Name $pending | Where-Object PowerState -eq 'PoweredOn')
        Write-Host ("{0} VM(s) still shutting down..." -f $stillOn.Count)
        if ((Get-Date) -gt $deadline)
        {
            Write-Warning 'Timeout reached; forcing power off.'
            :forceLoop foreach ($straggler in $stillOn)
            {
                for ($attempt = 1; $attempt -le 3; $attempt++)
                {
                    try
                    {
                        Stop-VM -VM $straggler -Confirm:$false -ErrorAction Stop | Out-Null
                        continue forceLoop
                    }
                    catch
                    {
                        Write-Warning ("Attempt {0} to stop {1} failed: {2}" -f `
                            $attempt, $straggler.Name, $_.Exception.Message)
                    }
                }
            }
            break waitLoop
        }
    } until ($stillOn.Count -eq 0)
}

$summary.GetEnumerator() | Sort-Object Name | ForEach-Object { '{0,-9} {1,3}' -f $_.Key, $_.Value }
