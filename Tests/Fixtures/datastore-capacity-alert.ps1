# datastore-capacity-alert.ps1
# Checks free space on every datastore, classifies each one against warning and
# critical thresholds, and builds an HTML alert mail (written to disk, not sent).
param(
    [double]$WarningPercent = 20,
    [double]$CriticalPercent = 10,
    # Left untyped so that an omitted value stays $null for the ??= defaults below.
    $SmtpServer,
    $OutFile
)

$SmtpServer ??= $env:VISH_SMTP_SERVER ?? 'smtp.lab.local'
$OutFile ??= Join-Path ([System.IO.Path]::GetTempPath()) 'datastore-alert.html'

function Send-AlertMail {
    # Stand-in for Send-MailMessage: same parameter names, writes the body to disk.
    param($To, $From, $Subject, $Body, $SmtpServer, [switch]$BodyAsHtml, $Priority = 'Normal')
    $Body | Out-File -FilePath $OutFile -Encoding utf8
    Write-Host "[$Priority] '$Subject' for $($To -join ', ') via $SmtpServer -> $OutFile"
}

$rows = foreach ($ds in Get-Datastore | Sort-Object Name) {
    $freePct = $ds.CapacityGB -gt 0 ? [math]::Round(($ds.FreeSpaceGB / $ds.CapacityGB) * 100, 1) : 0

    $tier = switch -Regex ($ds.Name) {
        '^(?<site>[a-z]{3})-ssd'    { 'SSD'; break }
        '^[a-z]{3}-(nl)?sas\d+$'     { 'SAS'; break }
        'nfs|vsan'                   { 'Shared' }
        default                      { 'Other' }
    }

    $status = if ($freePct -le $CriticalPercent) { 'CRITICAL' }
              elseif ($freePct -le $WarningPercent) { 'WARNING' }
              else { 'OK' }

    [pscustomobject]@{
        Name       = $ds.Name
        Tier       = $tier
        Type       = $ds.Type
        CapacityGB = [math]::Round($ds.CapacityGB, 0)
        FreeGB     = [math]::Round($ds.FreeSpaceGB, 1)
        FreePct    = $freePct
        Status     = $status
    }
}

$problems = @($rows | Where-Object Status -ne 'OK')
if ($problems.Count -eq 0) {
    Write-Host "All $($rows.Count) datastores are above $WarningPercent% free."
    return
}

$tableRows = ($problems | ForEach-Object {
    $color = $_.Status -eq 'CRITICAL' ? '#f8d7da' : '#fff3cd'
    "<tr style=`"background:$color`"><td>$($_.Name)</td><td>$($_.Tier)</td><td>$($_.FreeGB) GB</td><td>$($_.FreePct)%</td><td>$($_.Status)</td></tr>"
}) -join "`n"

$body = @"
<html>
<body>
<h2>Datastore capacity report - $(Get-Date -Format 'yyyy-MM-dd HH:mm')</h2>
<p>$($problems.Count) of $($rows.Count) datastores are below $WarningPercent% free
($(@($problems | Where-Object Status -eq 'CRITICAL').Count) critical).</p>
<table border="1" cellpadding="4">
<tr><th>Datastore</th><th>Tier</th><th>Free</th><th>Free %</th><th>Status</th></tr>
$tableRows
</table>
<p>Generated on $env:COMPUTERNAME by $([Environment]::UserName).</p>
</body>
</html>
"@

$footer = @'
This message was generated automatically; $variables here are not expanded.
'@

$mail = @{
    To         = 'vsphere-admins@lab.local', 'storage-team@lab.local'
    From       = "vcenter-alerts@$($SmtpServer -replace '^smtp\.', '')"
    Subject    = '[{0}] Datastore capacity: {1} datastore(s) need attention' -f ($problems.Status -contains 'CRITICAL' ? 'CRITICAL' : 'WARNING'), $problems.Count
    Body       = $body + "<pre>$footer</pre>"
    SmtpServer = $SmtpServer
    BodyAsHtml = $true
    Priority   = ($problems.Status -contains 'CRITICAL') ? 'High' : 'Normal'
}

Send-AlertMail @mail
