import Foundation

/// Get-Command, Get-Alias and Get-Help: what a session's commands are and how to call them.
enum CommandCommands {
    static let all: [CmdletInfo] = [
        CmdletInfo("Get-Command", [
            ParameterInfo(name: "Name", type: .stringArray, position: 0, fromPipeline: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "CommandType", type: .string, aliases: ["Type"]),
            ParameterInfo(name: "Verb", type: .stringArray),
            ParameterInfo(name: "Noun", type: .stringArray),
            ParameterInfo(name: "Module", type: .stringArray),
            ParameterInfo(name: "Syntax", isSwitch: true),
            ParameterInfo(name: "ListImported", isSwitch: true),
        ], type: "Microsoft.PowerShell.Commands.GetCommandCommand", make: { GetCommand($0, $1) }),
        CmdletInfo("Get-Alias", [
            ParameterInfo(name: "Name", type: .stringArray, position: 0, fromPipelineByPropertyName: true),
            ParameterInfo(name: "Definition", type: .stringArray),
            ParameterInfo(name: "Scope", type: .string),
            ParameterInfo(name: "Exclude", type: .stringArray),
        ], make: { GetAlias($0, $1) }),
        CmdletInfo("Set-Alias", [
            ParameterInfo(name: "Name", type: .string, position: 0, mandatory: true),
            ParameterInfo(name: "Value", type: .string, position: 1, mandatory: true),
        ], make: { SetAlias($0, $1) }),
        CmdletInfo("Get-Help", [
            ParameterInfo(name: "Name", type: .string, position: 0),
            ParameterInfo(name: "Full", isSwitch: true),
            ParameterInfo(name: "Detailed", isSwitch: true),
            ParameterInfo(name: "Examples", isSwitch: true),
            ParameterInfo(name: "Parameter", type: .string),
        ], make: { GetHelp($0, $1) }),
    ]

    /// Which module each core cmdlet comes from (the rest are Microsoft.PowerShell.Utility).
    static let modules: [String: String] = {
        var m: [String: String] = [:]
        for n in ["ForEach-Object", "Where-Object", "Get-Command", "Get-Help", "Set-StrictMode", "Out-Default", "Out-Host",
                  "Out-Null", "Invoke-Command"] { m[n.lowercased()] = "Microsoft.PowerShell.Core" }
        for n in ["Get-Content", "Set-Content", "Add-Content", "Test-Path", "Join-Path", "Split-Path", "New-Item", "Remove-Item",
                  "Get-ChildItem", "Get-Location", "Set-Location", "Get-Item"] { m[n.lowercased()] = "Microsoft.PowerShell.Management" }
        return m
    }()

    /// The syntax lines Get-Command -Syntax and Get-Help show, one per parameter set.
    static func syntax(_ c: CommandInfo) -> [String] {
        let params = c.parameters
        var sets = Array(Set(params.flatMap(\.setNames))).sorted()
        if let d = c.defaultParameterSet, let i = sets.firstIndex(of: d) { sets.remove(at: i); sets.insert(d, at: 0) }
        if sets.isEmpty { sets = [""] }
        return sets.map { set in
            let inSet = params.filter { $0.sets.isEmpty || $0.inSet(set) }
            let positional = inSet.compactMap { p in p.entry(for: set)?.position.map { (p, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
            let named = inSet.filter { p in !positional.contains { $0 === p } }
            var parts: [String] = []
            for p in positional + named {
                let e = p.entry(for: set)
                let mandatory = e?.mandatory ?? false
                let type = p.isSwitch ? nil : typeText(p.type)
                var text: String
                if p.isSwitch {
                    text = "-\(p.name)"
                } else if e?.position != nil {
                    text = "[-\(p.name)] <\(type!)>"
                } else {
                    text = "-\(p.name) <\(type!)>"
                }
                if !mandatory { text = "[\(text)]" }
                parts.append(text)
            }
            if c.isAdvanced { parts.append("[<CommonParameters>]") }
            return ([c.name] + parts).joined(separator: " ")
        }
    }

    static func typeText(_ t: PSType?) -> String {
        guard let t else { return "Object" }
        if t.kind == .array { return typeText(t.element) + "[]" }
        return TypeObject.accelerators[t.fullName] ?? t.name
    }
}

extension CommandInfo {
    var commandTypeName: String {
        if self is FunctionInfo { return "Function" }
        if self is ScriptFileInfo { return "ExternalScript" }
        if self is AliasInfo { return "Alias" }
        return "Cmdlet"
    }
}

/// An alias as Get-Alias shows it.
public final class AliasInfo: CommandInfo {
    let target: String
    init(name: String, target: String) {
        self.target = target
        super.init(name: name)
    }
    public override var typeName: String { "System.Management.Automation.AliasInfo" }
}

/// What Get-Command and Get-Alias write: a CommandInfo's properties.
final class CommandEntry: PSObjectBase {
    let info: CommandInfo
    init(_ info: CommandInfo) { self.info = info }
    override var typeName: String {
        info is AliasInfo ? "System.Management.Automation.AliasInfo"
            : (info is FunctionInfo ? "System.Management.Automation.FunctionInfo" : "System.Management.Automation.CmdletInfo")
    }
    override var typeNames: [String] { [typeName, "System.Management.Automation.CommandInfo", "System.Object"] }
    override var propertyNames: [String] { ["CommandType", "Name", "Version", "Source"] }
    override func getProperty(_ n: String) -> Value? {
        switch n.lowercased() {
        case "commandtype": return .string(info.commandTypeName)
        case "name": return .string(info.name)
        case "displayname":
            if let a = info as? AliasInfo { return .string("\(a.name) -> \(a.target)") }
            return .string(info.name)
        case "definition":
            if let a = info as? AliasInfo { return .string(a.target) }
            if let f = info as? FunctionInfo { return .string(ScriptBlockObject(f.block).toString(ConversionContext())) }
            return .string(CommandCommands.syntax(info).joined(separator: "\n"))
        case "version": return .string(source.isEmpty ? "" : "7.0.0.0")
        case "source", "modulename": return .string(source)
        case "resolvedcommandname", "referencedcommand": return (info as? AliasInfo).map { .string($0.target) } ?? .null
        case "verb", "noun":
            guard info is CmdletInfo || info is FunctionInfo, let dash = info.name.firstIndex(of: "-") else { return .string("") }
            return .string(String(n.lowercased() == "verb" ? info.name[..<dash] : info.name[info.name.index(after: dash)...]))
        case "parameters":
            // Name → ParameterMetadata (Name, ParameterType, Aliases, SwitchParameter).
            let h = PSHashtable()
            for p in info.parameters {
                let m = PSCustomObject()
                m.extraTypeNames = ["System.Management.Automation.ParameterMetadata"]
                m.add("Name", .string(p.name))
                let type = p.isSwitch ? PSType.named["switch"] : p.type
                m.add("ParameterType", .object(TypeObject(type ?? .object)))
                m.add("Aliases", .object(PSArray(p.aliases.map { .string($0) })))
                m.add("SwitchParameter", .bool(p.isSwitch))
                h[.string(p.name)] = .object(m)
            }
            return .object(h)
        default: return nil
        }
    }
    private var source: String {
        if info is CmdletInfo { return CommandCommands.modules[info.name.lowercased()] ?? "Microsoft.PowerShell.Utility" }
        return ""
    }
    override func toString(_ context: ConversionContext) -> String { info.name }

    static func registerViews() {
        FormatViews.register("System.Management.Automation.CommandInfo", .table(TableView([
            .property("CommandType", width: 15), .property("DisplayName", label: "Name", width: 50),
            .property("Version", width: 10), .property("Source"),
        ])))
    }
}

final class GetCommand: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        var found: [CommandInfo] = []
        let patterns = strings("Name") ?? ["*"]
        let all = allCommands()
        for pattern in patterns {
            let w = Wildcard(pattern, caseSensitive: false)
            let matches = all.filter { w.matches($0.name) }
            if matches.isEmpty && !w.hasWildcards {
                try writeError(error("The term '\(pattern)' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.",
                                     id: "CommandNotFoundException", category: .objectNotFound, target: .string(pattern),
                                     exception: "System.Management.Automation.CommandNotFoundException"))
            }
            found += matches
        }
        if let verbs = strings("Verb") { found = found.filter { c in verbs.contains { Wildcard($0 + "-*", caseSensitive: false).matches(c.name) } } }
        if let nouns = strings("Noun") { found = found.filter { c in nouns.contains { Wildcard("*-" + $0, caseSensitive: false).matches(c.name) } } }
        if let type = string("CommandType") { found = found.filter { $0.commandTypeName.caseInsensitiveCompare(type) == .orderedSame } }
        for c in found {
            if switchOn("Syntax") {
                for line in CommandCommands.syntax(c) { try writeObject(.string(line)) }
            } else {
                try writeObject(.object(CommandEntry(c)))
            }
        }
    }

    private func allCommands() -> [CommandInfo] {
        var list: [CommandInfo] = context.aliases.map { AliasInfo(name: $0.key, target: $0.value) }
        var seen = Set<String>()
        var s: Scope? = scope
        while let cur = s {
            for (k, f) in cur.functions ?? [:] where seen.insert(k).inserted { list.append(f) }
            s = cur.parent
        }
        list += context.commands.values
        return list.sorted { a, b in
            let x = a.name.lowercased(), y = b.name.lowercased()
            return x != y ? x < y : a.commandTypeName < b.commandTypeName
        }
    }
}

final class GetAlias: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        if isBound("Scope") { _ = try targetScope() }
        let aliases = context.aliases.map { AliasInfo(name: $0.key, target: $0.value) }.sorted { $0.name < $1.name }
        var shown = aliases
        if let names = strings("Name") {
            // A name that is an alias means that alias (`?` is Where-Object's, not a wildcard).
            shown = aliases.filter { a in
                names.contains { n in
                    aliases.contains { $0.name.caseInsensitiveCompare(n) == .orderedSame }
                        ? a.name.caseInsensitiveCompare(n) == .orderedSame
                        : Wildcard(n, caseSensitive: false).matches(a.name)
                }
            }
            for n in names where !Wildcard(n, caseSensitive: false).hasWildcards && !shown.contains(where: { $0.name.lowercased() == n.lowercased() }) {
                try writeError(error("This command cannot find a matching alias because an alias with the name '\(n)' does not exist.",
                                     id: "ItemNotFoundException", category: .objectNotFound, target: .string(n),
                                     exception: "System.Management.Automation.ItemNotFoundException"))
            }
        }
        if let defs = strings("Definition") {
            shown = shown.filter { a in defs.contains { Wildcard($0, caseSensitive: false).matches(a.target) } }
        }
        if let excluded = strings("Exclude") {
            shown = shown.filter { a in !excluded.contains { Wildcard($0, caseSensitive: false).matches(a.name) } }
        }
        for a in shown { try writeObject(.object(CommandEntry(a))) }
    }
}

final class SetAlias: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        if let n = string("Name"), let v = string("Value") { context.alias(n, v) }
    }
}

/// Get-Help: the name, synopsis (from comment-based help) and syntax of a command.
final class GetHelp: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        guard let name = string("Name") else {
            try writeObject(.string("Get-Help shows how to use a command: Get-Help <command-name>."))
            return
        }
        let info: CommandInfo
        do {
            info = try CommandResolver.resolve(name, scope, call.position)
        } catch _ {
            try writeError(self.error("Get-Help could not find \(name) in a help file in this session.", id: "HelpNotFound",
                                 category: .resourceUnavailable, target: .string(name),
                                 exception: "Microsoft.PowerShell.Commands.HelpNotFoundException"))
            return
        }
        var lines = ["", "NAME", "    \(info.name)", ""]
        if let f = info as? FunctionInfo, let synopsis = CommentHelp.synopsis(f.block) {
            lines += ["SYNOPSIS", "    \(synopsis)", ""]
        }
        lines += ["", "SYNTAX"] + CommandCommands.syntax(info).map { "    " + $0 } + ["", ""]
        let aliases = context.aliases.filter { $0.value.caseInsensitiveCompare(info.name) == .orderedSame }.map(\.key).sorted()
        lines += ["ALIASES", aliases.isEmpty ? "    None" : aliases.map { "    " + $0 }.joined(separator: "\n"), "", ""]
        lines += ["REMARKS", "    None", ""]
        try writeObject(.string(lines.joined(separator: "\n")))
    }
}

/// `<# .SYNOPSIS … #>` comment-based help.
enum CommentHelp {
    static func synopsis(_ block: CompiledBlock) -> String? {
        let text = block.source.text
        let start = block.ast.range.start
        let head = String(decoding: text.utf8.prefix(Int(start) + 4000), as: UTF8.self)
        guard let r = head.range(of: ".SYNOPSIS", options: .caseInsensitive) else { return nil }
        let rest = head[r.upperBound...].split(separator: "\n", omittingEmptySubsequences: true)
        return rest.first.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
