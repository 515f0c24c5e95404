# vm-tagging-and-folders.ps1
# Assigns owner/environment tags to VMs and files them into per-environment
# folders. VMs can be selected by name, by folder, or by an existing tag.

filter Select-TaggableVM {
    # Drops system VMs and templates coming down the pipeline.
    if ($_.Name -notmatch '^(vCLS|vsan|nsx)' -and -not $_.ExtensionData.Config.Template) { $_ }
}

function Set-VMOwnership
{
    [CmdletBinding(DefaultParameterSetName = 'ByName', SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, ParameterSetName = 'ByName', Position = 0)]
        [Alias('VMName', 'Name')]
        [string[]]$VM,

        [Parameter(Mandatory, ParameterSetName = 'ByFolder')]
        [ValidateNotNullOrEmpty()]
        [string]$Folder,

        [Parameter(Mandatory, ParameterSetName = 'ByTag')]
        [ValidateScript({ $null -ne (Get-Tag -Name $_ -ErrorAction SilentlyContinue) })]
        [string]$ExistingTag,

        [Parameter(Mandatory)]
        [ValidateSet('Production', 'Staging', 'Development', 'Lab')]
        [string]$Environment,

        [ValidatePattern('^[a-z]+\.[a-z]+$')]
        [Alias('Owner')]
        [string]$OwnerLogin,

        [ValidateRange(1, 5)]
        [int]$Tier = 3,

        [switch]$MoveToFolder
    )

    Write-Verbose "Parameter set: $($PSCmdlet.ParameterSetName)"
    Write-Verbose ("Bound: " + (($PSBoundParameters.Keys | Sort-Object) -join ', '))

    $targets = switch ($PSCmdlet.ParameterSetName) {
        'ByName'   { Get-VM -Name $VM }
        'ByFolder' { Get-Folder -Name $Folder -Type VM | Get-VM }
        'ByTag'    { Get-VM -Tag (Get-Tag -Name $ExistingTag) }
    }
    $targets = @($targets | Select-TaggableVM)

    $envCategory = Get-TagCategory -Name 'Environment' -ErrorAction SilentlyContinue
    if (-not $envCategory) {
        $envCategory = New-TagCategory -Name 'Environment' -Cardinality Single -EntityType VirtualMachine
    }
    $envTag = Get-Tag -Name $Environment -Category $envCategory -ErrorAction SilentlyContinue
    if (-not $envTag) { $envTag = New-Tag -Name $Environment -Category $envCategory }

    $ownerTag = $null
    if ($PSBoundParameters.ContainsKey('OwnerLogin')) {
        $ownerCategory = Get-TagCategory -Name 'Owner' -ErrorAction SilentlyContinue
        if (-not $ownerCategory) {
            $ownerCategory = New-TagCategory -Name 'Owner' -Cardinality Single -EntityType VirtualMachine
        }
        $ownerTag = Get-Tag -Name $OwnerLogin -Category $ownerCategory -ErrorAction SilentlyContinue
        if (-not $ownerTag) { $ownerTag = New-Tag -Name $OwnerLogin -Category $ownerCategory -Description "Tier $Tier owner" }
    }

    $destination = $null
    if ($MoveToFolder) {
        $root = Get-Folder -Name 'vm' -Type VM | Select-Object -First 1
        $destination = Get-Folder -Name $Environment -Location $root -ErrorAction SilentlyContinue
        if (-not $destination) { $destination = New-Folder -Name $Environment -Location $root }
    }

    foreach ($v in $targets) {
        if (-not $PSCmdlet.ShouldProcess($v.Name, "Tag as $Environment")) { continue }
        Get-TagAssignment -Entity $v -Category $envCategory | Remove-TagAssignment -Confirm:$false
        New-TagAssignment -Tag $envTag -Entity $v | Out-Null
        if ($ownerTag) { New-TagAssignment -Tag $ownerTag -Entity $v | Out-Null }
        if ($destination -and $v.Folder.Id -ne $destination.Id) {
            Move-VM -VM $v -InventoryLocation $destination -Confirm:$false | Out-Null
        }
        [pscustomobject]@{ VM = $v.Name; Environment = $Environment; Owner = $OwnerLogin; Tier = $Tier }
    }
}

# --- report: tag coverage per environment, largest groups first -------------
$assignments = Get-VM | Select-TaggableVM | Get-TagAssignment -Category 'Environment' -ErrorAction SilentlyContinue
$assignments |
    Group-Object -Property { $_.Tag.Name } -NoElement |
    Sort-Object -Property @{Expression = 'Count'; Descending = $true}, @{Expression = { $_.Name }; Ascending = $true} |
    Format-Table Name, Count -AutoSize

Set-VMOwnership -VMName 'web01', 'web02' -Environment Staging -Owner 'jane.doe' -Tier 2 -MoveToFolder -WhatIf
Set-VMOwnership -Folder 'Imported' -Environment Lab -Verbose
