import VishSyntax

/// A cmdlet written in Swift: its parameters, and a factory for the object that runs it.
public final class CmdletInfo: CommandInfo {
    let declared: [ParameterInfo]
    let defaultSet: String?
    let implementingType: String
    let shouldProcess: Bool
    let make: (CmdletInfo, CommandCall) -> NativeCommand
    /// Picks the parameter set from the arguments where positions alone cannot (Where-Object
    /// `{…}` vs `Name -eq x`): pwsh tries each set; this says which one it lands on.
    var chooseSet: (([CommandArgument]) -> String?)?

    init(_ name: String, _ parameters: [ParameterInfo], defaultSet: String? = nil, type: String? = nil,
         shouldProcess: Bool = false, chooseSet: (([CommandArgument]) -> String?)? = nil,
         make: @escaping (CmdletInfo, CommandCall) -> NativeCommand) {
        self.declared = parameters
        self.defaultSet = defaultSet
        self.chooseSet = chooseSet
        self.implementingType = type ?? "Microsoft.PowerShell.Commands.\(name.replacingOccurrences(of: "-", with: ""))Command"
        self.shouldProcess = shouldProcess
        self.make = make
        super.init(name: name)
    }

    public override var parameters: [ParameterInfo] { declared }
    public override var defaultParameterSet: String? { defaultSet }
    public override var supportsShouldProcess: Bool { shouldProcess }
    override func makeProcessor(_ call: CommandCall) throws -> CommandProcessor { make(self, call) }
}

/// The base of Swift cmdlets: binding, access to bound parameters, and the output,
/// error and stream methods a cmdlet uses.
class NativeCommand: CommandProcessor {
    let info: CmdletInfo
    let call: CommandCall
    var binder: Binder!
    var scope: Scope { call.scope }
    var context: ExecutionContext { call.scope.context }
    private var indexByName: [String: Int] = [:]

    init(_ info: CmdletInfo, _ call: CommandCall) {
        self.info = info
        self.call = call
        super.init(commandName: info.name)
        for (i, p) in info.declared.enumerated() { indexByName[p.name.lowercased()] = i }
    }

    final override func begin() throws {
        binder = Binder(parameters: info.declared, isAdvanced: true, commandName: info.name, position: call.position,
                        supportsShouldProcess: info.shouldProcess,
                        defaultSet: info.chooseSet?(call.arguments) ?? info.defaultSet)
        do {
            try binder.bindArguments(call.arguments, expectingInput: call.expectingInput)
        } catch let r as ErrorRecord {
            r.commandName = info.name
            // Cmdlet errors are identified by the implementing type.
            if r.fullyQualifiedErrorId.hasSuffix("," + info.name) {
                r.fullyQualifiedErrorId = String(r.fullyQualifiedErrorId.dropLast(info.name.count)) + info.implementingType
            }
            throw r
        }
        output = CommonOutputSink.wrap(output, binder.common, scope)
        do { try beginProcessing() } catch let r as ErrorRecord { r.leavingCmdlet(); throw r }
    }

    final override func process(_ input: Value?) throws {
        if let input {
            do {
                try binder.bindPipeline(input)
            } catch let r as ErrorRecord where r.fullyQualifiedErrorId.hasPrefix("InputObjectNotBound") {
                try writeError(r)
                return
            }
        }
        do { try processRecord(input) } catch let r as ErrorRecord { r.leavingCmdlet(); throw r }
    }

    final override func end() throws {
        do { try endProcessing() } catch let r as ErrorRecord { r.leavingCmdlet(); throw r }
    }

    // Overridden by cmdlets.
    func beginProcessing() throws {}
    func processRecord(_ input: Value?) throws {}
    func endProcessing() throws {}

    // MARK: Parameters

    @inline(__always) private func index(_ name: String) -> Int? {
        // A short linear scan by the declared spelling beats hashing the name.
        let declared = info.declared
        let length = name.utf8.count
        for i in declared.indices where declared[i].name.utf8.count == length && declared[i].name == name { return i }
        return indexByName[name.lowercased()]
    }

    func param(_ name: String) -> Value? {
        guard let i = index(name) else { return nil }
        return binder.bound[i]
    }

    func isBound(_ name: String) -> Bool {
        guard let i = index(name) else { return false }
        return binder.isBound(i) || binder.pipelineBoundIndexes.contains(i)
    }

    func switchOn(_ name: String) -> Bool {
        guard let v = param(name) else { return false }
        return Convert.toBool(v)
    }

    func string(_ name: String) -> String? {
        param(name).map { Convert.toString($0, ConversionContext()) }
    }

    func strings(_ name: String) -> [String]? {
        guard let v = param(name) else { return nil }
        if case .object(let o) = v, o.isEnumerable { return o.enumerate().map { Convert.toString($0, ConversionContext()) } }
        return [Convert.toString(v, ConversionContext())]
    }

    func int(_ name: String) throws -> Int? {
        guard let v = param(name) else { return nil }
        return Int(try Convert.toInt32(v, call.position))
    }

    // MARK: Output

    func writeObject(_ v: Value) throws {
        try output.emit(v)
    }

    func writeEnumerated(_ v: Value) throws {
        try emitEnumerated(v, output)
    }

    func error(_ message: String, id: String, category: ErrorCategory = .notSpecified, target: Value = .null,
               exception: String = "System.Exception") -> ErrorRecord {
        let r = ErrorRecord(exception, message, id: "\(id),\(info.implementingType)", category: category, target: target,
                            position: call.position, command: info.name)
        r.activity = info.name
        return r
    }

    func writeError(_ r: ErrorRecord) throws {
        if r.commandName == nil { r.commandName = info.name }
        if let name = binder?.common.errorVariable {
            // Under Stop the variable gets the ActionPreferenceStopException that ends the
            // command (carrying the error), as pwsh's MshCommandRuntime records it.
            if try (binder?.common.errorAction ?? context.preference("erroractionpreference", scope)) == .stop {
                let stop = ErrorRecord("System.Management.Automation.ActionPreferenceStopException",
                                       "The running command stopped because the preference variable \"ErrorActionPreference\" or common parameter is set to Stop: \(r.message)",
                                       id: "ActionPreferenceStop", category: .operationStopped)
                stop.stoppedRecord = r
                collect(.object(ExceptionObject(stop)), into: name, started: &errorVariableStarted)
            } else {
                collect(.object(r), into: name, started: &errorVariableStarted)
            }
        }
        try context.writeNonTerminating(r, scope, action: binder?.common.errorAction)
    }

    private var errorVariableStarted = false
    private var warningVariableStarted = false
    var informationVariableStarted = false

    /// -ErrorVariable / -WarningVariable: the command's records in a list, which replaces
    /// the variable's value at the first one (`+name` appends to what it held).
    func collect(_ value: Value, into spec: String, started: inout Bool) {
        var qualifiedName = spec
        let appending = qualifiedName.hasPrefix("+")
        if appending { qualifiedName.removeFirst() }
        let (target, name) = scope.qualified(qualifiedName)
        let current = target.lookup(name.lowercased())?.value
        let list: PSList
        if appending || started {
            list = CommonOutputSink.appendable(current)
        } else if case .object(let existing as PSList)? = current {
            existing.items = []
            list = existing
        } else {
            list = PSList(kind: .arrayList)
        }
        started = true
        list.items.append(value)
        target.assign(name, .object(list))
    }

    func throwTerminating(_ r: ErrorRecord) throws -> Never {
        if r.commandName == nil { r.commandName = info.name }
        throw r
    }

    func writeWarning(_ text: String) throws {
        let ignored = try (binder.common.warningAction ?? context.preference("warningpreference", scope)) == .ignore
        if let name = binder.common.warningVariable, !ignored {
            collect(.object(StreamRecord(kind: "WARNING", message: text)), into: name, started: &warningVariableStarted)
        }
        if !ignored {
            for c in context.warningCollectors where !c.paused { c.items.append(.object(StreamRecord(kind: "WARNING", message: text))) }
        }
        try context.writeStreamLine("WARNING", text, preference: "warningpreference", override: binder.common.warningAction, scope)
    }

    func writeVerbose(_ text: String) throws {
        let override: ActionPreference? = binder.common.verbose.map { $0 ? .continue : .silentlyContinue }
        try context.writeStreamLine("VERBOSE", text, preference: "verbosepreference", override: override, scope)
    }

    func writeDebug(_ text: String) throws {
        let override: ActionPreference? = binder.common.debug.map { $0 ? .continue : .silentlyContinue }
        try context.writeStreamLine("DEBUG", text, preference: "debugpreference", override: override, scope)
    }

    /// -WhatIf / -Confirm: false (and a "What if:" line) when the action must not run.
    func shouldProcess(target: String, action: String) -> Bool {
        let whatIf = binder.common.whatIf ?? Convert.toBool(scope.lookup("whatifpreference")?.value ?? .false)
        if whatIf {
            context.host.write("What if: Performing the operation \"\(action)\" on target \"\(target)\".\n")
            return false
        }
        return true
    }
}
