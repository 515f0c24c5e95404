# vm-inventory-report.ps1
# Builds a per-VM inventory (CPU, memory, disks, guest OS, host, cluster) and
# writes it to a CSV file. Accepts VM objects or names from the pipeline.

function Get-VMInventoryReport {
    <#
    .SYNOPSIS
        Collects an inventory record for each virtual machine.

    .DESCRIPTION
        For every VM passed in (object or name), gathers sizing and placement
        details and emits one [pscustomobject] per VM. When -Path is given the
        records are also exported to CSV at the end of the pipeline.

    .PARAMETER VM
        One or more VMs, either VirtualMachine objects or names.

    .PARAMETER Path
        Optional CSV path to export the collected records to.

    .PARAMETER IncludeTemplates
        Also report on templates found in the inventory.

    .EXAMPLE
        Get-VM -Location Prod | Get-VMInventoryReport -Path .\prod-inventory.csv

    .EXAMPLE
        'web01','web02' | Get-VMInventoryReport | Format-Table
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory, ValueFromPipeline, Position = 0)]
        [object[]]$VM,

        [Parameter()]
        [string]$Path,

        [switch]$IncludeTemplates
    )

    begin {
        $records = [System.Collections.Generic.List[object]]::new()
        $started = Get-Date
        Write-Verbose ("Inventory started at {0:yyyy-MM-dd HH:mm:ss}" -f $started)
    }

    process {
        foreach ($item in $VM) {
            if ($item -is [string]) {
                $item = Get-VM -Name $item -ErrorAction SilentlyContinue
                if (-not $item) { continue }
            }

            $disks = Get-HardDisk -VM $item
            $totalDiskGB = ($disks | Measure-Object -Property CapacityGB -Sum).Sum

            $record = [pscustomobject]@{
                Name        = $item.Name
                PowerState  = $item.PowerState
                NumCpu      = $item.NumCpu
                MemoryGB    = $item.MemoryGB
                DiskCount   = @($disks).Count
                DiskGB      = [math]::Round($totalDiskGB, 1)
                GuestOS     = $item.Guest.OSFullName
                VMHost      = $item.VMHost.Name
                Cluster     = (Get-Cluster -VM $item -ErrorAction SilentlyContinue).Name
                Folder      = $item.Folder.Name
                Notes       = ($item.Notes -replace '\r?\n', ' ')
            }
            $records.Add($record)
            $record
        }
    }

    end {
        if ($IncludeTemplates) {
            Get-Template | ForEach-Object {
                $records.Add([pscustomobject]@{
                    Name = $_.Name; PowerState = 'Template'; NumCpu = $_.ExtensionData.Config.Hardware.NumCPU
                    MemoryGB = $_.ExtensionData.Config.Hardware.MemoryMB / 1024
                })
            }
        }

        if ($Path) {
            $records |
                Select-Object Name, PowerState, NumCpu,
                    @{N = 'MemoryGB'; E = { '{0:N1}' -f $_.MemoryGB }},
                    @{Name = 'DiskGB'; Expression = { $_.DiskGB }},
                    @{ L = 'Placement'; E = { "$($_.Cluster)/$($_.VMHost)" } },
                    GuestOS, Folder, Notes |
                Export-Csv -Path $Path -NoTypeInformation -UseCulture
            Write-Host ("Wrote {0} records to {1}" -f $records.Count, $Path)
        }

        $elapsed = (Get-Date) - $started
        Write-Verbose ('Inventory finished in {0:N2}s' -f $elapsed.TotalSeconds)
    }
}

# Example run when the script is invoked directly.
$report = Get-VM | Where-Object Name -NotLike 'vCLS*' | Get-VMInventoryReport -Path "$PWD\vm-inventory.csv" -Verbose
$report | Sort-Object DiskGB -Descending | Select-Object -First 10 | Format-Table -AutoSize
