# host-maintenance.ps1
# Rolls ESXi hosts of a cluster through maintenance mode one at a time:
# evacuates each host, waits for the task, runs a placeholder patch step, then
# exits maintenance mode. Host names are parsed to derive rack/position labels.
param(
	[Parameter(Mandatory)]
	[string]$ClusterName,
	[string]$HostFilter = '*',
	[int]$MaxWaitMinutes = 45
)

$cluster = Get-Cluster -Name $ClusterName
$hosts = Get-VMHost -Location $cluster -Name $HostFilter | Sort-Object Name
$log = [ordered]@{}
$rackMap = @{}

foreach ($vmhost in $hosts) {
	# Names look like esx-r12-u07.dc1.lab.local -> rack 12, unit 7, site dc1
	if ($vmhost.Name -match '^esx-r(?<rack>\d+)-u(?<unit>\d+)\.(?<site>[^.]+)\.') {
		$rack = [int]$Matches['rack']
		$label = 'Rack {0:D2} / U{1} ({2})' -f $rack, [int]$Matches.unit, $Matches.site.ToUpper()
	} else {
		$rack = 0
		$label = 'unknown position'
	}
	if (-not $rackMap.ContainsKey($rack)) { $rackMap[$rack] = @() }
	$rackMap[$rack] += $vmhost.Name

	$shortName = ($vmhost.Name -split '\.')[0]
	$domain = ($vmhost.Name -split '\.', 2)[1]
	$entry = [ordered]@{
		Host     = $shortName
		Domain   = $domain
		Position = $label
		Build    = $vmhost.Build
		Start    = Get-Date
		Result   = 'Pending'
	}

	if ($vmhost.ConnectionState -ne 'Connected') {
		$entry.Result = "Skipped ($($vmhost.ConnectionState))"
		$log[$shortName] = $entry
		continue
	}

	Write-Host "Entering maintenance mode: $shortName [$label]"
	$task = Set-VMHost -VMHost $vmhost -State Maintenance -Evacuate:$true -RunAsync -Confirm:$false
	$null = Wait-Task -Task $task -ErrorAction Stop

	$deadline = (Get-Date).AddMinutes($MaxWaitMinutes)
	while ((Get-VMHost -Name $vmhost.Name).ConnectionState -ne 'Maintenance') {
		if ((Get-Date) -ge $deadline) {
			throw "Host $shortName did not reach maintenance mode within $MaxWaitMinutes minutes."
		}
		Start-Sleep -Seconds 15
	}

	# Wait for any residual VMs (e.g. powered-off ones) to be listed elsewhere.
	$remaining = @(Get-VM -Location $vmhost | Where-Object PowerState -eq 'PoweredOn')
	while ($remaining.Count -gt 0) {
		Write-Host ("  {0} powered-on VM(s) still on host: {1}" -f $remaining.Count, ($remaining.Name -join ', '))
		Start-Sleep -Seconds 10
		$remaining = @(Get-VM -Location $vmhost | Where-Object PowerState -eq 'PoweredOn')
	}

	# Placeholder for patching: turn "VMware ESXi 8.0.2 build-21495797" into "8.0.2 (build 21495797)".
	$build = $vmhost.ExtensionData.Config.Product.FullName -replace '^VMware ESXi (\d+\.\d+\.\d+) build-(\d+)$', '$1 (build $2)'
	$entry.Build = $build

	Set-VMHost -VMHost $vmhost -State Connected -Confirm:$false | Out-Null
	$entry.Result = 'Done'
	$entry['End'] = Get-Date
	$entry['Minutes'] = [math]::Round(($entry.End - $entry.Start).TotalMinutes, 1)
	$log[$shortName] = $entry
}

Write-Host ''
Write-Host ('=' * 60)
foreach ($key in $log.Keys) {
	$e = $log[$key]
	'{0,-20} {1,-28} {2}' -f $key, $e.Position, $e.Result
}
Write-Host ('=' * 60)

$rackMap.GetEnumerator() | Sort-Object Key | ForEach-Object {
	"Rack $($_.Key): " + ($_.Value -join ', ')
}

$csvLine = ($log.Values | ForEach-Object { $_.Host, $_.Result -join '=' }) -join ';'
Write-Verbose "Summary: $csvLine"
