# clone-from-template-with-customization.ps1
# Deploys a numbered series of Windows VMs from a template. For each VM a
# temporary, non-persistent copy of a base OS customization spec is created so a
# static IP can be injected into its NIC mapping; the VM is then powered on and
# the script waits until guest customization has finished.
param(
    [string]$Template      = 'W2022-Std-Template',
    [string]$BaseSpec      = 'Win2022-Domain',
    [string]$Prefix        = 'app',
    [int]$Count            = 3,
    [int]$FirstIp          = 51,
    [string]$Subnet        = '10.20.30',
    [string]$Cluster       = 'Compute-Cluster-01',
    [string]$Datastore     = 'vsanDatastore',
    [int]$CustomizeTimeout = 900
)

$ErrorActionPreference = 'Stop'
$banner = '-' * 50

$template = Get-Template -Name $Template
$cluster  = Get-Cluster -Name $Cluster
$ds       = Get-Datastore -Name $Datastore

# Make sure the base spec exists; create a minimal one if it does not.
$base = Get-OSCustomizationSpec -Name $BaseSpec -ErrorAction SilentlyContinue
if (-not $base) {
    $cred = Get-Credential -Message 'Domain join account'
    $base = New-OSCustomizationSpec -Name $BaseSpec -OSType Windows -Type Persistent `
        -FullName 'Lab Admin' -OrgName 'Lab' -NamingScheme Vm -ChangeSid `
        -Domain 'corp.lab.local' -DomainCredentials $cred `
        -TimeZone 085 -AdminPassword 'ChangeMe!123' -AutoLogonCount 0
}

for ($i = 0; $i -lt $Count; $i++) {
    $name = '{0}{1:D2}' -f $Prefix, ($i + 1)
    $ip   = "$Subnet.$($FirstIp + $i)"

    Write-Host $banner
    Write-Host "Deploying $name with IP $ip"

    $tmpSpec = New-OSCustomizationSpec -OSCustomizationSpec $base -Name "tmp-$name" -Type NonPersistent
    Get-OSCustomizationNicMapping -OSCustomizationSpec $tmpSpec |
        Set-OSCustomizationNicMapping -IpMode UseStaticIP -IpAddress $ip `
            -SubnetMask 255.255.255.0 -DefaultGateway "$Subnet.1" `
            -Dns "$Subnet.10", "$Subnet.11" | Out-Null

    $vm = New-VM -Name $name -Template $template -OSCustomizationSpec $tmpSpec `
        -ResourcePool $cluster -Datastore $ds -DiskStorageFormat Thin

    Start-VM -VM $vm -Confirm:$false | Out-Null
    $started = Get-Date

    # Poll the event log until customization reports success or failure.
    for (;;) {
        $events = Get-VIEvent -Entity $vm -Start $started -ErrorAction SilentlyContinue
        $done   = $events | Where-Object { $_ -is [VMware.Vim.CustomizationSucceeded] }
        $failed = $events | Where-Object { $_ -is [VMware.Vim.CustomizationFailed] }

        if ($done) {
            Write-Host "  customization succeeded after $([int]((Get-Date) - $started).TotalSeconds)s"
            break
        }
        if ($failed) {
            Write-Warning "  customization FAILED for $name"
            break
        }
        if (((Get-Date) - $started).TotalSeconds -gt $CustomizeTimeout) {
            Write-Warning "  timed out waiting for $name"
            break
        }
        Write-Host -NoNewline '.'
        Start-Sleep -Seconds 20
    }

    Remove-OSCustomizationSpec -OSCustomizationSpec $tmpSpec -Confirm:$false
}

Write-Host $banner
Get-VM -Name "$Prefix*" | Select-Object Name, PowerState, @{N = 'IP'; E = { $_.Guest.IPAddress -join ',' }} | Format-Table
