# classes-and-enums.ps1
# Models VM sizing requests with PowerShell classes: a base request class, a
# derived SQL request with extra rules, and enums for size tiers and flags.
# Requests are validated and turned into New-VM parameter sets.

enum VMSize
{
    Small  = 1
    Medium = 2
    Large  = 4
    XLarge = 8
}

[Flags()] enum BackupPolicy
{
    None      = 0
    Daily     = 1
    Weekly    = 2
    Offsite   = 4
    Immutable = 8
}

class VMRequest
{
    [string]$Name
    [VMSize]$Size = [VMSize]::Small
    [string]$Cluster
    [BackupPolicy]$Backup = [BackupPolicy]::Daily
    hidden [datetime]$CreatedAt
    static [int]$BaseMemoryGB = 4
    static [string[]]$ReservedPrefixes = @('vCLS', 'vsan')

    VMRequest()
    {
        $this.CreatedAt = [datetime]::UtcNow
    }

    VMRequest([string]$name, [VMSize]$size, [string]$cluster)
    {
        $this.Name = $name
        $this.Size = $size
        $this.Cluster = $cluster
        $this.CreatedAt = [datetime]::UtcNow
    }

    hidden [string] Stamp()
    {
        return $this.CreatedAt.ToString('s')
    }

    [int] GetCpuCount()
    {
        return [int]$this.Size * 2
    }

    [int] GetMemoryGB()
    {
        return [VMRequest]::BaseMemoryGB * [int]$this.Size
    }

    [string[]] Validate()
    {
        $problems = @()
        if ([string]::IsNullOrWhiteSpace($this.Name)) { $problems += 'Name is required.' }
        foreach ($prefix in [VMRequest]::ReservedPrefixes)
        {
            if ($this.Name -like "$prefix*") { $problems += "Name may not start with '$prefix'." }
        }
        if (-not $this.Cluster) { $problems += 'Cluster is required.' }
        return $problems
    }

    [hashtable] ToNewVMParams()
    {
        return @{
            Name         = $this.Name
            NumCpu       = $this.GetCpuCount()
            MemoryGB     = $this.GetMemoryGB()
            ResourcePool = $this.Cluster
        }
    }

    static [VMRequest] Parse([string]$line)
    {
        # Format: name;size;cluster  e.g. "app07;Medium;Compute-01"
        $parts = $line -split ';'
        return [VMRequest]::new($parts[0].Trim(), [VMSize]$parts[1].Trim(), $parts[2].Trim())
    }

    [string] ToString()
    {
        return '{0} ({1}, {2} vCPU / {3} GB, backup: {4}, requested {5})' -f $this.Name, $this.Size, $this.GetCpuCount(), $this.GetMemoryGB(), $this.Backup, $this.Stamp()
    }
}

class SqlVMRequest : VMRequest
{
    [string]$SqlEdition = 'Standard'
    [int]$DataDiskGB = 200

    # Parameterless constructor so the class can be created from a hashtable.
    SqlVMRequest() : base()
    {
        $this.Backup = [BackupPolicy]::Daily -bor [BackupPolicy]::Offsite
    }

    SqlVMRequest([string]$name, [VMSize]$size, [string]$cluster) : base($name, $size, $cluster)
    {
        $this.Backup = [BackupPolicy]::Daily -bor [BackupPolicy]::Offsite
    }

    [int] GetMemoryGB()
    {
        # SQL gets double memory, with a floor of 16 GB.
        return [math]::Max(16, ([VMRequest]::BaseMemoryGB * [int]$this.Size) * 2)
    }

    [string[]] Validate()
    {
        $problems = [System.Collections.Generic.List[string]]::new()
        foreach ($p in ([VMRequest]$this).Validate()) { $problems.Add($p) }
        if ($this.Size -lt [VMSize]::Medium) { $problems.Add('SQL VMs must be at least Medium.') }
        if ($this.SqlEdition -notin 'Standard', 'Enterprise', 'Developer') { $problems.Add("Unknown edition $($this.SqlEdition).") }
        return $problems.ToArray()
    }
}

$requests = @(
    [VMRequest]::Parse('app07; Medium; Compute-01')
    [VMRequest]::new('vCLS-test', [VMSize]::Small, 'Compute-01')
    [SqlVMRequest]::new('sql03', 'Large', 'Gaiden-Cluster')
    [SqlVMRequest]@{ Name = 'sql04'; Size = 'Small'; Cluster = 'Gaiden-Cluster' }
)

foreach ($r in $requests)
{
    $errors = $r.Validate()
    if ($errors.Count -gt 0)
    {
        Write-Warning ("{0}: {1}" -f $r.Name, ($errors -join ' '))
        continue
    }
    Write-Host "OK  $r"
    $params = $r.ToNewVMParams()
    if ($r -is [SqlVMRequest] -and ($r.Backup -band [BackupPolicy]::Offsite)) { Write-Host '    (offsite backup enabled)' }
    New-VM @params -WhatIf
}
[enum]::GetNames([VMSize]) -join ', '
