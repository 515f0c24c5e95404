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
            ParameterInfo(name: "Force", isSwitch: true),
            scopeParam,
        ], shouldProcess: true, make: { RemoveVariable($0, $1, clear: false) }),
        CmdletInfo("Clear-Variable", [
            ParameterInfo(name: "Name", type: .stringArray, position: 0, mandatory: true, fromPipelineByPropertyName: true),
            ParameterInfo(name: "PassThru", isSwitch: true),
            ParameterInfo(name: "Force", isSwitch: true),
            scopeParam,
        ], shouldProcess: true, make: { RemoveVariable($0, $1, clear: true) }),
    ]
}

extension NativeCommand {
    /// The scope `-Scope` names (Global, Script, Local, or a number of levels up).
    func targetScope() throws -> Scope {
        guard let name = string("Scope") else { return scope }
        switch name.lowercased() {
        case "global": return scope.globalScope
        case "script": return scope.scriptScope
        case "local", "private": return scope
        default:
            guard let n = Int(name), n >= 0 else {
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
        case "description", "modulename": return .string("")
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
        let visible = isBound("Scope") ? s.visibleVariables().filter { s.local($0.name.lowercased()) === $0 } : s.visibleVariables()
        let patterns = strings("Name") ?? ["*"]
        let excluded = (strings("Exclude") ?? []).map { Wildcard($0, caseSensitive: false) }
        for pattern in patterns {
            let w = Wildcard(pattern, caseSensitive: false)
            let found = visible.filter { v in w.matches(v.name) && !excluded.contains { $0.matches(v.name) } }
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
        for name in strings("Name") ?? [] {
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
            if let existing = s.local(key) {
                if isNew && !switchOn("Force") {
                    try writeError(error("A variable with name '\(name)' already exists.", id: "VariableAlreadyExists",
                                         category: .resourceExists, target: .string(name),
                                         exception: "System.Management.Automation.SessionStateUnauthorizedAccessException"))
                    continue
                }
                if existing.options.contains(.constant) || (existing.options.contains(.readOnly) && !switchOn("Force")) {
                    try writeError(error("Cannot overwrite variable \(name) because it is read-only or constant.",
                                         id: "VariableNotWritable", category: .writeError, target: .string(name),
                                         exception: "System.Management.Automation.SessionStateUnauthorizedAccessException"))
                    continue
                }
                if isBound("Value") || isNew { existing.value = try existing.typeConstraint.map { try Convert.to($0, value, call.position) } ?? value }
                if !options.isEmpty { existing.options = options }
                if switchOn("PassThru") { try writeObject(.object(VariableObject(existing))) }
            } else {
                let v = s.define(key, PSVariable(name, value, options: options))
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
            var candidates = s.visibleVariables().filter { w.matches($0.name) }
            if isBound("Scope") { candidates = candidates.filter { s.local($0.name.lowercased()) === $0 } }
            if candidates.isEmpty && !w.hasWildcards {
                try writeError(error("Cannot find a variable with the name '\(pattern)'.", id: "VariableNotFound",
                                     category: .objectNotFound, target: .string(pattern),
                                     exception: "System.Management.Automation.ItemNotFoundException"))
                continue
            }
            for v in candidates {
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
