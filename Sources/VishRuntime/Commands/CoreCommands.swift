import VishSyntax

/// Registers the core cmdlets and pwsh's default aliases in a session.
enum CoreCommands {
    static func register(in context: ExecutionContext) {
        let cmdlets = OutputCommands.all + PipelineCommands.all + TimeCommands.all + VariableCommands.all
            + InvokeCommands.all + FileCommands.all + FormatCommand.all + JsonCommands.all + CsvCommands.all + CommandCommands.all + [SelectObject.info, SortObject.info, GroupObjectCommand.info, MeasureObject.info, CompareObject.info, GetMember.info, AddMember.info, SelectString.info]
        for c in cmdlets { context.register(c) }
        GroupInfo.registerViews()
        VariableObject.registerViews()
        MemberDefinition.registerViews()
        CommandEntry.registerViews()
        for (alias, target) in defaultAliases { context.alias(alias, target) }
    }

    /// pwsh 7's default aliases that are not platform-specific.
    static let defaultAliases: [(String, String)] = [
        ("%", "ForEach-Object"), ("?", "Where-Object"), ("foreach", "ForEach-Object"), ("where", "Where-Object"),
        ("select", "Select-Object"), ("sort", "Sort-Object"), ("group", "Group-Object"), ("measure", "Measure-Object"),
        ("ft", "Format-Table"), ("fl", "Format-List"), ("echo", "Write-Output"), ("write", "Write-Output"),
        ("gm", "Get-Member"), ("sls", "Select-String"), ("gv", "Get-Variable"), ("sv", "Set-Variable"), ("nv", "New-Variable"),
        ("rv", "Remove-Variable"), ("gcm", "Get-Command"), ("gal", "Get-Alias"), ("iex", "Invoke-Expression"),
        ("icm", "Invoke-Command"), ("gc", "Get-Content"), ("sc", "Set-Content"), ("ac", "Add-Content"),
        ("cat", "Get-Content"), ("type", "Get-Content"), ("tee", "Tee-Object"), ("compare", "Compare-Object"),
        ("diff", "Compare-Object"), ("epcsv", "Export-Csv"), ("ipcsv", "Import-Csv"), ("sleep", "Start-Sleep"),
        ("oh", "Out-Host"), ("clv", "Clear-Variable"), ("gi", "Get-Item"), ("ls", "Get-ChildItem"),
        ("dir", "Get-ChildItem"), ("gci", "Get-ChildItem"), ("pwd", "Get-Location"), ("gl", "Get-Location"),
        ("cd", "Set-Location"), ("sl", "Set-Location"), ("h", "Get-History"), ("ni", "New-Item"), ("ri", "Remove-Item"),
        ("rm", "Remove-Item"), ("set", "Set-Variable"), ("del", "Remove-Item"), ("help", "Get-Help"), ("cls", "Clear-Host"),
    ]
}
