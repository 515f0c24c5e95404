# rollback-snapshots.ps1
# Change window helper: snapshots each VM, adds a thin-provisioned data disk,
# runs a validation check, and reverts to the pre-change snapshot when the
# check fails. Exit code 0 = all good, 1 = at least one VM rolled back,
# 2 = the script itself failed.
[CmdletBinding()]
param (
    [Parameter(Mandatory = $true)] [string[]] $VMName,
    [ValidateRange(1, 2048)] [int] $DiskGB = 50,
    [string] $ChangeId = ('CHG{0:yyyyMMddHHmm}' -f (Get-Date)),
    [switch] $KeepSnapshot
)

$script:rolledBack = 0
$validate = {
    param($vm)
    # A disk count check plus a tools heartbeat stands in for an app health check.
    $disks = @(Get-HardDisk -VM $vm)
    $tools = (Get-VM -Id $vm.Id).ExtensionData.Guest.ToolsRunningStatus
    return ($disks.Count -ge 2) -and ($tools -eq 'guestToolsRunning' -or $vm.PowerState -eq 'PoweredOff')
}

function Invoke-ChangeWithRollback {
    param ($VM)

    $snapName = "pre-$ChangeId"
    $pre = $null
    $ok = $false
    try {
        $before = Get-HardDisk -VM $VM
        Write-Host ("{0}: {1} disk(s), {2:N0} GB before change" -f $VM.Name, @($before).Count, ($before | Measure-Object CapacityGB -Sum).Sum)

        $pre = New-Snapshot -VM $VM -Name $snapName -Description "Before $ChangeId" -Memory:$false -Quiesce:$false -Confirm:$false
        if (-not $pre) { throw [System.InvalidOperationException]::new("Snapshot $snapName was not created for $($VM.Name)") }

        # --- the change itself ---
        $newDisk = New-HardDisk -VM $VM -CapacityGB $DiskGB -StorageFormat Thin -Persistence Persistent -Confirm:$false
        Write-Host "  added $($newDisk.Name) ($($newDisk.CapacityGB) GB, $($newDisk.StorageFormat))"

        $ok = & $validate (Get-VM -Id $VM.Id)
        if (-not $ok) { throw "Validation failed for $($VM.Name) after change $ChangeId" }

        $post = New-Snapshot -VM $VM -Name "post-$ChangeId" -Description 'After change, validated' -Confirm:$false
        Write-Verbose "Post-change snapshot $($post.Name) created"
    }
    catch {
        Write-Warning $_.Exception.Message
        if ($pre) {
            Write-Warning "  reverting $($VM.Name) to '$snapName'"
            Set-VM -VM $VM -Snapshot $pre -Confirm:$false | Out-Null
            $script:rolledBack++
        }
        else {
            throw   # nothing to roll back to; let the outer handler deal with it
        }
    }
    finally {
        if ($ok -and $pre -and -not $KeepSnapshot) {
            Get-Snapshot -VM $VM -Name $snapName, "post-$ChangeId" -ErrorAction SilentlyContinue |
                Remove-Snapshot -Confirm:$false
        }
        $after = Get-HardDisk -VM $VM
        Write-Host ('  {0}: {1} disk(s) after run' -f $VM.Name, @($after).Count)
    }
}

try {
    $vms = Get-VM -Name $VMName -ErrorAction Stop
    foreach ($vm in $vms) {
        Invoke-ChangeWithRollback -VM $vm
    }
}
catch {
    Write-Error "Change $ChangeId aborted: $_"
    exit 2
}
finally {
    Write-Host "Change $ChangeId finished at $(Get-Date -Format T)"
}

if ($script:rolledBack -gt 0) {
    Write-Warning "$script:rolledBack VM(s) were rolled back."
    exit 1
}
exit 0
