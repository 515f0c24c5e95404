# seed-linked-clone-workflow.ps1
# Linked-clone seeding workflow as a reusable function:
#   1. snapshot the parent VM (reusing the snapshot if it already exists),
#   2. create a linked clone from that snapshot with an OS customization spec,
#   3. snapshot the clone before its first power-on (clean rollback point),
#   4. power the clone on,
#   5. optionally promote it by making a full clone of the linked clone.

function New-SeededLinkedClone {
  <#
  .SYNOPSIS
    Creates a customized linked clone from a parent VM snapshot, and optionally a full clone of it.
  .EXAMPLE
    New-SeededLinkedClone -FullCloneName SQL-FC1 -Verbose
  .EXAMPLE
    New-SeededLinkedClone -ParentVM SQLMasterVM -CloneName SQL-LC2 -Cluster Gaiden-Cluster -WhatIf
  #>
  [CmdletBinding(SupportsShouldProcess)]
  param(
    [string]$ParentVM = 'SQLMasterVM',
    [string]$SnapshotName = 'Linked-Snapshot',
    [string]$CloneName = 'SQL-LC1',
    [string]$Datastore = 'VMS',
    [string]$Cluster = 'Gaiden-Cluster',
    [string]$CustomizationSpec = 'Win-SQL',
    [string]$PreBootSnapshotName = 'Pre-FirstBoot',
    [string]$FullCloneName,
    [switch]$NoPowerOn
  )

  $ErrorActionPreference = 'Stop'
  $result = [ordered]@{ Parent = $ParentVM; LinkedClone = $null; FullClone = $null }

  $parent = Get-VM -Name $ParentVM
  $ds     = Get-Datastore -Name $Datastore
  $target = Get-Cluster -Name $Cluster
  $spec   = Get-OSCustomizationSpec -Name $CustomizationSpec

  # 1. parent snapshot (linked clones need a fixed reference point)
  $snap = Get-Snapshot -VM $parent -Name $SnapshotName -ErrorAction SilentlyContinue
  if (-not $snap) {
    if ($PSCmdlet.ShouldProcess($parent.Name, "Create snapshot '$SnapshotName'")) {
      $snap = New-Snapshot -VM $parent -Name $SnapshotName -Description 'Reference for linked clones' -Confirm:$false
    }
  } else {
    Write-Verbose "Reusing snapshot '$SnapshotName' taken $($snap.Created)"
  }

  # 2. linked clone
  if (Get-VM -Name $CloneName -ErrorAction SilentlyContinue) {
    throw "A VM named '$CloneName' already exists."
  }
  $cloneArgs = @{
    Name                = $CloneName
    VM                  = $parent
    LinkedClone         = $true
    ReferenceSnapshot   = $snap
    Datastore           = $ds
    ResourcePool        = $target
    OSCustomizationSpec = $spec
  }
  if (-not $PSCmdlet.ShouldProcess($CloneName, "Create linked clone of $ParentVM on $Datastore")) { return }
  $clone = New-VM @cloneArgs
  $result.LinkedClone = $clone.Name

  # 3. snapshot before first power-on, so customization can be re-run from a clean state
  New-Snapshot -VM $clone -Name $PreBootSnapshotName -Description 'Before first boot / sysprep' -Confirm:$false | Out-Null

  # 4. power on (guest customization runs on first boot)
  if (-not $NoPowerOn) {
    $clone = Start-VM -VM $clone -Confirm:$false
    Write-Verbose "$($clone.Name) is $($clone.PowerState)"
  }

  # 5. optional full clone of the linked clone (independent disks, no parent dependency)
  if ($FullCloneName -and $PSCmdlet.ShouldProcess($FullCloneName, "Full clone of $CloneName")) {
    $full = New-VM -Name $FullCloneName -VM $clone -Datastore $ds -ResourcePool $target -DiskStorageFormat Thin
    $result.FullClone = $full.Name
  }

  [pscustomobject]$result
}

New-SeededLinkedClone -FullCloneName 'SQL-FC1' -Verbose
