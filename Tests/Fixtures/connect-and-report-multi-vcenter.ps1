#requires -Version 7.0
#Requires -Modules VMware.VimAutomation.Core
# connect-and-report-multi-vcenter.ps1
# Connects to several vCenter Servers in turn, collects a cluster-level summary
# (hosts, VMs, CPU/memory usage) from each, and writes a combined CSV report.
# Credentials come from a credential file or from environment variables.

using namespace System.Collections.Generic
using namespace System.Management.Automation

[CmdletBinding()]
param(
    [string[]]$Server = @($env:VC_SERVERS -split ',' | Where-Object { $_ }),
    [PSCredential]$Credential,
    [string]$ReportPath = (Join-Path -Path $PSScriptRoot -ChildPath "reports/multi-vc-$(Get-Date -Format yyyyMMdd).csv")
)

# Shared helpers (Write-Log, ConvertTo-Percent) live next to the script.
$helper = Join-Path $PSScriptRoot 'helpers' 'ReportHelpers.ps1'
if (Test-Path $helper) {
    . $helper
} else {
    function Write-Log { param([string]$Message) Write-Verbose "[$(Get-Date -Format HH:mm:ss)] $Message" }
    function ConvertTo-Percent { param([double]$Part, [double]$Whole) if ($Whole) { [math]::Round(100 * $Part / $Whole, 1) } else { 0 } }
}

if (-not $Server) { throw [ParameterBindingException]::new('No vCenter servers given (use -Server or $env:VC_SERVERS).') }

if (-not $Credential -and $env:VC_USER) {
    $secure = ConvertTo-SecureString -String $env:VC_PASSWORD -AsPlainText -Force
    $Credential = [PSCredential]::new($env:VC_USER, $secure)
}

Set-PowerCLIConfiguration -InvalidCertificateAction Ignore -DefaultVIServerMode Multiple `
    -ParticipateInCEIP $false -Scope Session -Confirm:$false | Out-Null

$rows = [List[PSObject]]::new()

foreach ($vc in $Server) {
    $connection = $null
    try {
        Write-Log "Connecting to $vc"
        $connection = Connect-VIServer -Server $vc `
                                       -Credential $Credential `
                                       -Protocol https `
                                       -ErrorAction Stop

        $clusters = Get-Cluster -Server $connection
        foreach ($cl in $clusters) {
            $hosts = Get-VMHost -Location $cl -Server $connection
            $cpuUsed  = ($hosts | Measure-Object -Property CpuUsageMhz -Sum).Sum
            $cpuTotal = ($hosts | Measure-Object -Property CpuTotalMhz -Sum).Sum
            $memUsed  = ($hosts | Measure-Object -Property MemoryUsageGB -Sum).Sum
            $memTotal = ($hosts | Measure-Object -Property MemoryTotalGB -Sum).Sum

            $rows.Add([pscustomobject]@{
                vCenter     = $connection.Name
                # Parenthesised: a bare comma here would end the .Add() argument.
                Version     = ('{0} build {1}' -f $connection.Version, $connection.Build)
                Cluster     = $cl.Name
                HAEnabled   = $cl.HAEnabled
                DrsLevel    = $cl.DrsAutomationLevel
                Hosts       = @($hosts).Count
                VMs         = (Get-VM -Location $cl -Server $connection | Measure-Object).Count
                CpuPct      = ConvertTo-Percent -Part $cpuUsed -Whole $cpuTotal
                MemPct      = ConvertTo-Percent -Part $memUsed -Whole $memTotal
            })
        }
    }
    catch [System.TimeoutException] {
        Write-Warning "Timed out connecting to ${vc}: $($_.Exception.Message)"
    }
    catch {
        Write-Warning "Failed to report on ${vc}: $_"
    }
    finally {
        if ($connection) {
            Disconnect-VIServer -Server $connection -Force -Confirm:$false
            Write-Log "Disconnected from $vc"
        }
    }
}

$reportDir = Split-Path -Path $ReportPath -Parent
if (-not (Test-Path $reportDir)) { New-Item -Path $reportDir -ItemType Directory | Out-Null }

$rows
    | Sort-Object vCenter, Cluster
    | Export-Csv -Path $ReportPath -NoTypeInformation

$rows
    | Where-Object { $_.CpuPct -gt 80 -or $_.MemPct -gt 85 }
    | ForEach-Object { Write-Warning ("{0}/{1} is running hot (CPU {2}%, MEM {3}%)" -f $_.vCenter, $_.Cluster, $_.CpuPct, $_.MemPct) }

Write-Host "Report for $($Server.Count) vCenter(s) written to $ReportPath (user: $env:USER$env:USERNAME)"
