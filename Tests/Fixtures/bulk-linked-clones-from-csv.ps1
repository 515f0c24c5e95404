# bulk-linked-clones-from-csv.ps1
# Reads a CSV of clone requests (Name,ParentVM,Snapshot,Cluster,Datastore,Folder)
# and creates a linked clone for each row, reporting progress and failures.
param
(
    [string]$CsvPath = (Join-Path $PSScriptRoot 'linked-clones.csv'),
    [int]$ThrottleSeconds = 2
)

$ErrorActionPreference = 'Stop'
$results = @()

try
{
    $rows = Import-Csv -Path $CsvPath -ErrorAction Stop
}
catch [System.IO.FileNotFoundException], [System.Management.Automation.ItemNotFoundException]
{
    Write-Error "Clone list '$CsvPath' was not found."
    exit 2
}

$total = @($rows).Count
$index = 0

foreach ($row in $rows)
{
    $index++
    $percent = [int](($index / $total) * 100)
    Write-Progress -Activity 'Creating linked clones' `
        -Status ("{0} of {1}: {2}" -f $index, $total, $row.Name) `
        -PercentComplete $percent -Id 1

    if ([string]::IsNullOrWhiteSpace($row.Name))
    {
        Write-Warning "Row $index has no Name column; skipping."
        continue
    }

    try
    {
        $parent   = Get-VM -Name $row.ParentVM
        $snapshot = Get-Snapshot -VM $parent -Name $row.Snapshot

        $cloneParams = @{
            Name              = $row.Name
            VM                = $parent
            LinkedClone       = $true
            ReferenceSnapshot = $snapshot
            ResourcePool      = Get-Cluster -Name $row.Cluster
            Datastore         = Get-Datastore -Name $row.Datastore
            ErrorAction       = 'Stop'
        }
        if ($row.Folder)
        {
            $cloneParams['Location'] = Get-Folder -Name $row.Folder -Type VM
        }

        $clone = New-VM @cloneParams -Confirm:$false
        $results += [pscustomobject]@{ Name = $clone.Name; Status = 'Created'; Error = $null }
    }
    catch [VMware.VimAutomation.Sdk.Types.V1.ErrorHandling.VimException.VimException]
    {
        Write-Warning "vCenter rejected clone $($row.Name): $($_.Exception.Message)"
        $results += [pscustomobject]@{ Name = $row.Name; Status = 'Failed'; Error = $_.Exception.Message }
    }
    catch
    {
        Write-Warning "Unexpected error for $($row.Name): $_"
        $results += [pscustomobject]@{ Name = $row.Name; Status = 'Error'; Error = "$($_.CategoryInfo.Reason)" }
    }

    Start-Sleep -Seconds $ThrottleSeconds
}

Write-Progress -Activity 'Creating linked clones' -Id 1 -Completed

$failed = $results | Where-Object Status -ne 'Created'
$results | Format-Table Name, Status, Error -AutoSize

if ($failed)
{
    Write-Host "$(@($failed).Count) clone(s) failed." -ForegroundColor Red
    exit 1
}
Write-Host "All $total linked clones created." -ForegroundColor Green
