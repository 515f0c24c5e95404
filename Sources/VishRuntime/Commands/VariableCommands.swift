/// Get-, Set-, New-, Remove- and Clear-Variable.
enum VariableCommands {
    static let scopeParam = ParameterInfo(name: "Scope", type: .string)

    static let all: [CmdletInfo] = [
        CmdletInfo("Get-Variable", [
            ParameterInfo(name: "Name", type: .stringArray, position: 0, fromPipeline: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "ValueOnly", isSwitch: true),
            ParameterInfo(name: "Include", type: .stringArray),
            ParameterInfo(name: "Exclude", type: .stringArray),
            scopeParam,
        ], type: "Microsoft.PowerShell.Commands.GetVariableCommand", make: { GetVariable($0, $1) }),
        CmdletInfo("Set-Variable", [
            ParameterInfo(name: "Name", type: .stringArray, position: 0, mandatory: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "Value", position: 1, fromPipeline: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "Include", type: .stringArray),
            ParameterInfo(name: "Exclude", type: .stringArray),
            ParameterInfo(name: "Option", type: .string),
            ParameterInfo(name: "Description", type: .string),
            ParameterInfo(name: "PassThru", isSwitch: true),
            ParameterInfo(name: "Force", isSwitch: true),
            scopeParam,
        ], shouldProcess: true, make: { SetVariable($0, $1, isNew: false) }),
        CmdletInfo("New-Variable", [
            ParameterInfo(name: "Name", type: .string, position: 0, mandatory: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "Value", position: 1, fromPipeline: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "Option", type: .string),
            ParameterInfo(name: "Description", type: .string),
            ParameterInfo(name: "PassThru", isSwitch: true),
            ParameterInfo(name: "Force", isSwitch: true),
            scopeParam,
        ], shouldProcess: true, make: { SetVariable($0, $1, isNew: true) }),
        CmdletInfo("Remove-Variable", [
            ParameterInfo(name: "Name", type: .stringArray, position: 0, mandatory: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "Include", type: .stringArray),
            ParameterInfo(name: "Exclude", type: .stringArray),
            ParameterInfo(name: "Force", isSwitch: true),
            scopeParam,
        ], shouldProcess: true, make: { RemoveVariable($0, $1, clear: false) }),
        CmdletInfo("Clear-Variable", [
            ParameterInfo(name: "Name", type: .stringArray, position: 0, mandatory: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "Include", type: .stringArray),
            ParameterInfo(name: "Exclude", type: .stringArray),
            ParameterInfo(name: "PassThru", isSwitch: true),
            ParameterInfo(name: "Force", isSwitch: true),
            scopeParam,
        ], shouldProcess: true, make: { RemoveVariable($0, $1, clear: true) }),
    ]
}

extension NativeCommand {
    /// -Include and -Exclude name patterns.
    func passesIncludeExclude(_ name: String) -> Bool {
        if let inc = strings("Include"), !inc.contains(where: { Wildcard($0, caseSensitive: false).matches(name) }) { return false }
        if let exc = strings("Exclude"), exc.contains(where: { Wildcard($0, caseSensitive: false).matches(name) }) { return false }
        return true
    }

    /// The scope `-Scope` names (Global, Script, Local, or a number of levels up).
    func targetScope() throws -> Scope {
        guard let name = string("Scope") else { return scope }
        switch name.lowercased() {
        case "global": return scope.globalScope
        case "script": return scope.scriptScope
        case "local", "private": return scope
        default:
            guard let n = Int(name) else {
                try throwTerminating(error("The scope '\(name)' is not valid: use Global, Local, Script, Private or a number of scopes up.",
                                           id: "Argument", category: .invalidArgument,
                                           exception: "System.Management.Automation.PSArgumentException"))
            }
            guard n >= 0 else {
                try throwTerminating(error("The scope number '\(name)' exceeds the number of active scopes. (Parameter 'Scope')\nActual value was \(name).",
                                           id: "ArgumentOutOfRange", category: .invalidArgument,
                                           exception: "System.Management.Automation.PSArgumentOutOfRangeException"))
            }
            var s = scope
            for _ in 0..<n {
                guard let p = s.parent else {
                    try throwTerminating(error("The scope number '\(n)' exceeds the number of active scopes. (Parameter 'Scope')\nActual value was \(n).",
                                               id: "ArgumentOutOfRange", category: .invalidArgument,
                                               exception: "System.Management.Automation.PSArgumentOutOfRangeException"))
                }
                s = p
            }
            return s
        }
    }
}

/// A variable as Get-Variable shows it: Name and Value.
public final class VariableObject: PSObjectBase {
    let variable: PSVariable
    init(_ variable: PSVariable) { self.variable = variable }
    public override var typeName: String { "System.Management.Automation.PSVariable" }
    public override var propertyNames: [String] { ["Name", "Description", "Value", "Visibility", "Module", "ModuleName", "Options", "Attributes"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "name": return .string(variable.name)
        case "value": return variable.value
        case "description": return .string(variable.description)
        case "modulename": return .string("")
        case "visibility": return .string("Public")
        case "options":
            var names: [String] = []
            if variable.options.contains(.readOnly) { names.append("ReadOnly") }
            if variable.options.contains(.constant) { names.append("Constant") }
            if variable.options.contains(.private) { names.append("Private") }
            if variable.options.contains(.allScope) { names.append("AllScope") }
            return .string(names.isEmpty ? "None" : names.joined(separator: ", "))
        default: return nil
        }
    }
    public override func setProperty(_ name: String, _ value: Value) -> Bool {
        guard name.lowercased() == "value" else { return false }
        variable.value = value
        return true
    }
    public override func toString(_ context: ConversionContext) -> String { variable.name }

    static func registerViews() {
        FormatViews.register("System.Management.Automation.PSVariable", .table(TableView([
            .property("Name", width: 30), .property("Value"),
        ])))
    }
}

final class GetVariable: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        let s = try targetScope()
        var visible = isBound("Scope") ? s.visibleVariables().filter { s.local($0.name.lowercased()) === $0 } : s.visibleVariables()
        // The variables pwsh computes when read are listed too.
        for name in ["$", "?", "^", "HOST", "PWD", "true", "false", "null", "Error", "PSScriptRoot", "PSCommandPath"]
            where !visible.contains(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
            let key = name.lowercased()
            let value: Value
            switch key {
            case "true": value = .true
            case "false": value = .false
            case "null": value = .null
            case "$", "^": value = .string("")
            default: value = (try? Automatic.value(key, scope)) ?? nil ?? .null
            }
            visible.append(PSVariable(name, value, options: ["true", "false", "null"].contains(key) ? .constant : []))
        }
        // `$PSItem` is kept as `$_` (one variable, two names).
        if let under = visible.first(where: { $0.name == "_" }),
           !visible.contains(where: { $0.name.caseInsensitiveCompare("PSItem") == .orderedSame }) {
            visible.append(PSVariable("PSItem", under.value))
        }
        let patterns = strings("Name") ?? ["*"]
        for pattern in patterns {
            let w = Wildcard(pattern, caseSensitive: false)
            let found = visible.filter { v in w.matches(v.name) && passesIncludeExclude(v.name) }
                .sorted { $0.name.lowercased() < $1.name.lowercased() }
            if found.isEmpty && !w.hasWildcards {
                try writeError(error("Cannot find a variable with the name '\(pattern)'.", id: "VariableNotFound",
                                     category: .objectNotFound, target: .string(pattern),
                                     exception: "System.Management.Automation.ItemNotFoundException"))
                continue
            }
            for v in found {
                try writeObject(switchOn("ValueOnly") ? v.value : .object(VariableObject(v)))
            }
        }
    }
}

final class SetVariable: NativeCommand {
    let isNew: Bool
    init(_ info: CmdletInfo, _ call: CommandCall, isNew: Bool) {
        self.isNew = isNew
        super.init(info, call)
    }

    override func processRecord(_ input: Value?) throws {
        let s = try targetScope()
        var names: [String] = []
        for n in strings("Name") ?? [] {
            let w = Wildcard(n, caseSensitive: false)
            if !isNew && w.hasWildcards {
                names += s.visibleVariables().map(\.name).filter { w.matches($0) }.sorted()
            } else {
                names.append(n)
            }
        }
        for name in names where passesIncludeExclude(name) {
            let key = name.lowercased()
            let value = param("Value") ?? .null
            var options: PSVariable.Options = []
            for o in (string("Option") ?? "").lowercased().split(whereSeparator: { $0 == "," || $0 == " " }) {
                switch o {
                case "readonly": options.insert(.readOnly)
                case "constant": options.insert(.constant)
                case "private": options.insert(.private)
                case "allscope": options.insert(.allScope)
                default: break
                }
            }
            if let existing = isNew ? s.local(key) : (s.local(key) ?? (isBound("Scope") ? nil : s.lookup(key).flatMap { $0.options.contains(.allScope) ? $0 : nil })) {
                if isNew && !switchOn("Force") {
                    try writeError(error("A variable with name '\(name)' already exists.", id: "VariableAlreadyExists",
                                         category: .resourceExists, target: .string(name),
                                         exception: "System.Management.Automation.SessionStateException"))
                    continue
                }
                if existing.options.contains(.constant) || (existing.options.contains(.readOnly) && !switchOn("Force")) {
                    if let d = string("Description") { existing.description = d }
                    try writeError(error("Cannot overwrite variable \(name) because it is read-only or constant.",
                                         id: "VariableNotWritable", category: .writeError, target: .string(name),
                                         exception: "System.Management.Automation.SessionStateUnauthorizedAccessException"))
                    continue
                }
                if options.contains(.constant) {
                    try writeError(error("Existing variable \(name) cannot be made constant. Variables can be made constant only at creation time.",
                                         id: "VariableCannotBeMadeConstant", category: .writeError, target: .string(name),
                                         exception: "System.Management.Automation.SessionStateUnauthorizedAccessException"))
                    continue
                }
                if isBound("Value") || isNew { existing.value = try existing.typeConstraint.map { try PSVariable.constrained($0, value, call.position) } ?? value }
                if isBound("Option") || isNew {
                    // New-Variable -Force makes the variable afresh: its options are the ones given.
                    existing.options = isNew ? options : options.union(existing.options.intersection(.private))
                }
                if let d = string("Description") { existing.description = d }
                if switchOn("PassThru") { try writeObject(.object(VariableObject(existing))) }
            } else {
                // `-Scope Private` makes the variable private (seen only in its own scope).
                if string("Scope")?.lowercased() == "private" { options.insert(.private) }
                let v = s.define(key, PSVariable(name, value, options: options))
                if let d = string("Description") { v.description = d }
                if switchOn("PassThru") { try writeObject(.object(VariableObject(v))) }
            }
        }
    }
}

final class RemoveVariable: NativeCommand {
    let clear: Bool
    init(_ info: CmdletInfo, _ call: CommandCall, clear: Bool) {
        self.clear = clear
        super.init(info, call)
    }

    override func processRecord(_ input: Value?) throws {
        let s = try targetScope()
        for pattern in strings("Name") ?? [] {
            let w = Wildcard(pattern, caseSensitive: false)
            var candidates = s.visibleVariables().filter { w.matches($0.name) && passesIncludeExclude($0.name) }
            if isBound("Scope") { candidates = candidates.filter { s.local($0.name.lowercased()) === $0 } }
            if candidates.isEmpty && !w.hasWildcards {
                try writeError(error("Cannot find a variable with the name '\(pattern)'.", id: "VariableNotFound",
                                     category: .objectNotFound, target: .string(pattern),
                                     exception: "System.Management.Automation.ItemNotFoundException"))
                continue
            }
            for v in candidates {
                if v.options.contains(.constant) || (v.options.contains(.readOnly) && !switchOn("Force")) {
                    try writeError(error(clear ? "Cannot overwrite variable \(v.name) because it is read-only or constant."
                                             : "Cannot remove variable \(v.name) because it is constant or read-only. If the variable is read-only, try the operation again specifying the Force option.",
                                         id: clear ? "VariableNotWritable" : "VariableNotRemovable", category: .writeError,
                                         target: .string(v.name),
                                         exception: "System.Management.Automation.SessionStateUnauthorizedAccessException"))
                    continue
                }
                if clear {
                    v.value = .null
                    if switchOn("PassThru") { try writeObject(.object(VariableObject(v))) }
                    continue
                }
                // The nearest scope that holds it loses it.
                var cur: Scope? = s
                while let c = cur {
                    if c.local(v.name.lowercased()) === v { _ = c.remove(v.name.lowercased()); break }
                    cur = c.parent
                }
            }
        }
    }
}
