import VishSyntax

/// The common parameters every cmdlet and advanced function accepts.
struct CommonParameters {
    var errorAction: ActionPreference?
    var warningAction: ActionPreference?
    var informationAction: ActionPreference?
    var verbose: Bool?
    var debug: Bool?
    var whatIf: Bool?
    var confirm: Bool?
    var errorVariable: String?
    var warningVariable: String?
    var informationVariable: String?
    var outVariable: String?
    var pipelineVariable: String?

    static let names = ["Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction",
                        "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer",
                        "PipelineVariable"]
    static let aliases: [String: String] = ["vb": "Verbose", "db": "Debug", "ea": "ErrorAction", "wa": "WarningAction",
                                            "infa": "InformationAction", "proga": "ProgressAction", "ev": "ErrorVariable",
                                            "wv": "WarningVariable", "iv": "InformationVariable", "ov": "OutVariable",
                                            "ob": "OutBuffer", "pv": "PipelineVariable", "wi": "WhatIf", "cf": "Confirm"]
}

/// Binds a command's arguments to its parameters, as pwsh's parameter binder does:
/// named arguments (names may be abbreviated while unambiguous), then positional ones in
/// position order, then pipeline input by value or by property name; then the parameter
/// set is chosen and mandatory parameters checked.
final class Binder {
    let parameters: [ParameterInfo]
    let isAdvanced: Bool
    let commandName: String
    let position: ErrorPosition
    let supportsShouldProcess: Bool
    var defaultSet: String?
    var bound: [Value?]
    var unbound: [Value] = []
    var common = CommonParameters()
    var pipelineBoundIndexes: [Int] = []
    /// Where ValidateScript blocks run (the caller's scope).
    var validationScope: Scope?
    /// Binding for a script function or script block (not a cmdlet).
    var isScript = false
    private var explicitlyBound: BoundSet
    /// The argument being bound: errors about it are shown under it.
    private var current: SourceRange?
    private var here: ErrorPosition {
        guard let current else { return position }
        return ErrorPosition(source: position.source, range: current)
    }

    init(parameters: [ParameterInfo], isAdvanced: Bool, commandName: String, position: ErrorPosition,
         supportsShouldProcess: Bool = false, defaultSet: String? = nil) {
        self.parameters = parameters
        self.isAdvanced = isAdvanced
        self.commandName = commandName
        self.position = position
        self.supportsShouldProcess = supportsShouldProcess
        self.defaultSet = defaultSet
        self.bound = Array(repeating: nil, count: parameters.count)
        self.explicitlyBound = BoundSet(count: parameters.count)
    }

    // MARK: Names

    enum Match {
        case parameter(Int)
        case common(String)
        case none
    }

    func find(_ name: String) throws -> Match {
        let lower = name.lowercased()
        var candidates: [(Match, String)] = []
        for (i, p) in parameters.enumerated() {
            let names = [p.name] + p.aliases
            if names.contains(where: { $0.lowercased() == lower }) { return .parameter(i) }
            if names.contains(where: { $0.lowercased().hasPrefix(lower) }) { candidates.append((.parameter(i), p.name)) }
        }
        if isAdvanced {
            var commons = CommonParameters.names
            if supportsShouldProcess { commons += ["WhatIf", "Confirm"] }
            if let full = CommonParameters.aliases[lower], commons.contains(full) { return .common(full) }
            for c in commons {
                if c.lowercased() == lower { return .common(c) }
                if c.lowercased().hasPrefix(lower) { candidates.append((.common(c), c)) }
            }
        }
        if candidates.count == 1 { return candidates[0].0 }
        // Several matches: a single declared parameter wins over common ones.
        let declared = candidates.filter { if case .parameter = $0.0 { return true }; return false }
        if declared.count == 1 { return declared[0].0 }
        if candidates.count > 1 {
            throw Errors.binding("Parameter cannot be processed because the parameter name '\(name)' is ambiguous. Possible matches include: \(candidates.map { "-" + $0.1 }.joined(separator: " ")).",
                                 id: "AmbiguousParameter", commandName, here)
        }
        return .none
    }

    // MARK: Arguments

    func bindArguments(_ args: [CommandArgument], expectingInput: Bool) throws {
        var positional: [CommandArgument] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            current = a.range
            guard let name = a.parameterName else {
                positional.append(a)
                continue
            }
            // `-5` is a number, not a parameter name.
            if !a.usedColon, let first = name.first, first.isNumber || first == ".", let n = Convert.parseNumber("-" + name) {
                positional.append(CommandArgument(value: n, numberText: "-" + name, range: a.range))
                continue
            }
            switch try find(name) {
            case .none:
                // A script's ValueFromRemainingArguments parameter takes an unknown -name too.
                if isScript && parameters.contains(where: { $0.sets.contains { $0.fromRemaining } }) {
                    positional.append(CommandArgument(value: .string("-" + name), range: a.range))
                    if let v = a.value, a.usedColon { positional.append(CommandArgument(value: v, range: a.range)) }
                    continue
                }
                if isAdvanced {
                    throw Errors.binding("A parameter cannot be found that matches parameter name '\(name)'.",
                                         id: "NamedParameterNotFound", commandName, here)
                }
                // A simple function gets unknown -names as arguments ($args).
                unboundTokens.append((positional.count, .object(ParameterToken(name, usedColon: a.usedColon && !a.fromSplat))))
                if let v = a.value, a.usedColon { unboundTokens.append((positional.count, v)) }
            case .common(let c):
                var value = a.value
                let isSwitch = ["Verbose", "Debug", "WhatIf", "Confirm"].contains(c)
                if !isSwitch && value == nil {
                    guard i < args.count, args[i].parameterName == nil else {
                        throw Errors.binding("Missing an argument for parameter '\(c)'. Specify a parameter of type '\(commonType(c))' and try again.",
                                             id: "MissingArgument", commandName, here)
                    }
                    value = args[i].value
                    i += 1
                }
                try setCommon(c, value, usedColon: a.usedColon)
            case .parameter(let index):
                let p = parameters[index]
                if explicitlyBound.contains(index) {
                    throw Errors.binding("Cannot bind parameter because parameter '\(p.name)' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".",
                                         id: "ParameterAlreadyBound", commandName, here)
                }
                var value: Value
                if p.isSwitch {
                    value = a.usedColon || a.fromSplat ? try switchValue(p, a.value ?? .true) : .object(SwitchParameter(true))
                } else if let v = a.value, a.usedColon || a.fromSplat {
                    value = v
                } else {
                    guard i < args.count, args[i].parameterName == nil, let v = args[i].value else {
                        throw Errors.binding("Missing an argument for parameter '\(p.name)'. Specify a parameter of type '\(p.type?.fullName ?? "System.Object")' and try again.",
                                             id: "MissingArgument", commandName, here)
                    }
                    value = v
                    if p.type?.kind == .string || p.type == nil, let text = args[i].numberText, p.type?.kind == .string {
                        value = .string(text)
                    }
                    current = args[i].range
                    i += 1
                }
                if let text = a.numberText, p.type?.kind == .string, a.usedColon { value = .string(text) }
                try set(index, value)
            }
        }
        try bindPositional(positional, expectingInput: expectingInput)
        current = nil
        if let sets = explicitSets(), sets.isEmpty {
            throw Errors.binding("Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
                                 id: "AmbiguousParameterSet", commandName, position)
        }
    }

    private func commonType(_ name: String) -> String {
        switch name {
        case "ErrorAction", "WarningAction", "InformationAction", "ProgressAction":
            return "System.Management.Automation.ActionPreference"
        case "OutBuffer": return "System.Int32"
        default: return "System.String"
        }
    }

    private func switchValue(_ p: ParameterInfo, _ v: Value) throws -> Value {
        switch v.normalized {
        case .bool(let b): return .object(SwitchParameter(b))
        case .int(let i): return .object(SwitchParameter(i != 0))
        case .long(let l): return .object(SwitchParameter(l != 0))
        case .double(let d): return .object(SwitchParameter(d != 0))
        case .null: return .object(SwitchParameter(false))
        case .object(let o as SwitchParameter): return .object(o)
        default:
            throw Errors.binding("Cannot process argument transformation on parameter '\(p.name)'. Cannot convert value \"\(Convert.typeName(v))\" to type \"System.Management.Automation.SwitchParameter\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
                                 id: "ParameterArgumentTransformationError", commandName, position,
                                 exception: "System.Management.Automation.ParameterBindingArgumentTransformationException")
        }
    }

    private func setCommon(_ name: String, _ value: Value?, usedColon: Bool) throws {
        func pref() throws -> ActionPreference {
            // The runtime's setter refuses $null and the reserved Suspend (MshCommandRuntime).
            func setterFailed(_ reason: String) -> ErrorRecord {
                let r = Errors.binding("Cannot bind parameter '\(name)' to the target. Exception setting \"\(name)\": \"\(reason)\"",
                                       id: "ParameterBindingFailed", commandName, here)
                r.category = .writeError
                return r
            }
            if case .null? = value?.normalized { throw setterFailed("Object reference not set to an instance of an object.") }
            let text = Convert.toString(value ?? .null, ConversionContext())
            if ActionPreference(text) == .suspend { throw setterFailed(ActionPreference.reservedMessage) }
            guard let p = ActionPreference(text) else {
                throw Errors.binding("Cannot bind parameter '\(name)'. Cannot convert value \"\(text)\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name \(text) to a valid enumerator name. Specify one of the following enumerator names and try again:\nSilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend, Break\"",
                                     id: "CannotConvertArgumentNoMessage", commandName, here)
            }
            return p
        }
        let flag = value.map(Convert.toBool) ?? true
        switch name {
        case "ErrorAction": common.errorAction = try pref()
        case "WarningAction": common.warningAction = try pref()
        case "InformationAction": common.informationAction = try pref()
        case "Verbose": common.verbose = flag
        case "Debug": common.debug = flag
        case "WhatIf": common.whatIf = flag
        case "Confirm": common.confirm = flag
        case "ErrorVariable": common.errorVariable = value.map { Convert.toString($0, ConversionContext()) }
        case "WarningVariable": common.warningVariable = value.map { Convert.toString($0, ConversionContext()) }
        case "InformationVariable": common.informationVariable = value.map { Convert.toString($0, ConversionContext()) }
        case "OutVariable": common.outVariable = value.map { Convert.toString($0, ConversionContext()) }
        case "PipelineVariable": common.pipelineVariable = value.map { Convert.toString($0, ConversionContext()) }
        default: break
        }
    }

    /// Unknown `-name` arguments of a simple function, with how many positional arguments
    /// preceded each (they join `$args` in command-line order).
    private var unboundTokens: [(Int, Value)] = []

    private func bindPositional(_ args: [CommandArgument], expectingInput: Bool) throws {
        // Unbound positional parameters in position order (insertion sort: usually in order).
        var slots: [Int] = []
        var positions: [Int] = []
        var remaining: Int? = nil
        let chosenSet = candidateSet()
        for i in parameters.indices where bound[i] == nil {
            let p = parameters[i]
            guard let e = p.entry(for: chosenSet) else { continue }
            if e.fromRemaining && remaining == nil { remaining = i }
            guard let pos = e.position, !p.isSwitch else { continue }
            var at = positions.count
            while at > 0 && positions[at - 1] > pos { at -= 1 }
            positions.insert(pos, at: at)
            slots.insert(i, at: at)
        }
        var extra: [Value] = []
        var extraAt: [Int] = []
        var slotIndex = 0
        for (argIndex, a) in args.enumerated() {
            current = a.range
            let value = a.value ?? .null
            while slotIndex < slots.count && bound[slots[slotIndex]] != nil { slotIndex += 1 }
            if slotIndex < slots.count, slots[slotIndex] != remaining {
                var v = value
                let p = parameters[slots[slotIndex]]
                if p.type?.kind == .string, let text = a.numberText { v = .string(text) }
                try set(slots[slotIndex], v)
                slotIndex += 1
            } else {
                extra.append(value)
                extraAt.append(argIndex)
            }
        }
        if !unboundTokens.isEmpty && remaining == nil {
            // `$args` keeps the command line's order: tokens come before the positional
            // values that followed them.
            var merged: [(at: Int, order: Int, value: Value)] = unboundTokens.enumerated().map { ($1.0, $0, $1.1) }
            merged += zip(extraAt, extra).map { ($0, Int.max, $1) }
            unbound = merged.sorted { $0.at != $1.at ? $0.at < $1.at : $0.order < $1.order }.map(\.value)
            unboundTokens = []
        } else if !extra.isEmpty {
            if let r = remaining {
                try set(r, extra.count == 1 ? extra[0] : .object(PSArray(extra)))
            } else if isAdvanced {
                throw Errors.binding("A positional parameter cannot be found that accepts argument '\(Convert.toString(extra[0], ConversionContext()))'.",
                                     id: "PositionalParameterNotFound", commandName, here)
            } else {
                unbound = extra
            }
        }
        current = nil
        if !expectingInput { try checkMandatory(includingPipeline: true) }
    }

    /// The sets the explicitly bound parameters allow (nil: any).
    func explicitSets() -> Set<String>? {
        var sets: Set<String>? = nil
        for (i, p) in parameters.enumerated() where explicitlyBound.contains(i) {
            let names = p.setKeys
            if names.isEmpty { continue }
            sets = sets.map { $0.intersection(names) } ?? names
        }
        return sets
    }

    /// The parameter set the bound parameters allow (the default one when several do).
    func candidateSet() -> String? {
        guard let sets = explicitSets() else { return defaultSet }
        if let d = defaultSet, sets.contains(d.lowercased()) { return d }
        guard let chosen = sets.sorted().first else { return nil }
        // As declared, not lowercased.
        return parameters.lazy.flatMap(\.setNames).first { $0.lowercased() == chosen } ?? chosen
    }

    func checkMandatory(includingPipeline: Bool) throws {
        let set = candidateSet()
        var missing: [String] = []
        for (i, p) in parameters.enumerated() where bound[i] == nil {
            guard let e = p.entry(for: set), e.mandatory else { continue }
            if !includingPipeline && (e.fromPipeline || e.fromPipelineByPropertyName) { continue }
            missing.append(p.name)
        }
        if !missing.isEmpty {
            throw Errors.binding("Cannot process command because of one or more missing mandatory parameters: \(missing.joined(separator: " ")).",
                                 id: "MissingMandatoryParameter", commandName, position)
        }
    }

    // MARK: Values

    func set(_ index: Int, _ value: Value) throws {
        let p = parameters[index]
        var v = value.normalized
        // A null for a mandatory or [ValidateNotNull] parameter is refused as null, before
        // conversion could make it something else (an empty string[], a '\0' char).
        if v.isNullish && !p.allowNull && !p.isSwitch
            && (p.sets.contains(where: { $0.mandatory }) || p.validateNotNull || p.validateNotNullOrEmpty) {
            try Validation.check(p, v, commandName, here, scope: validationScope)
        }
        if let t = p.type, !p.isSwitch {
            func transformationError(_ message: String) -> ErrorRecord {
                // A cmdlet's parameter reports the conversion as a binding failure; a script's
                // as a failed argument transformation.
                if !isScript {
                    return Errors.binding("Cannot bind parameter '\(p.name)'. \(message)", id: "CannotConvertArgumentNoMessage",
                                          commandName, here)
                }
                return Errors.binding("Cannot process argument transformation on parameter '\(p.name)'. \(message)",
                                      id: "ParameterArgumentTransformationError", commandName, here,
                                      exception: "System.Management.Automation.ParameterBindingArgumentTransformationException")
            }
            // Boolean parameters take only booleans and numbers; a [bool[]] of an advanced
            // function checks each element too (a simple function's converts them).
            func checkBoolean(_ v: Value) throws {
                switch v {
                case .bool, .int, .long, .double, .decimal, .null: break
                case .object(let o) where o is SwitchParameter || o is PSScalarBox: break
                default:
                    throw transformationError("Cannot convert value \"\(Convert.typeName(v))\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.")
                }
            }
            if t.kind == .bool { try checkBoolean(v) }
            if isAdvanced, t.kind == .array, t.element?.kind == .bool {
                if case .object(let o) = v, o.isEnumerable { for item in o.enumerate() { try checkBoolean(item.normalized) } } else { try checkBoolean(v) }
            }
            if t.kind == .string, isAdvanced, case .object(let o) = v, o.isEnumerable, !(o is PSHashtable) {
                throw transformationError("Cannot convert value to type System.String.")
            }
            do {
                v = try Convert.to(t, v, here)
            } catch let e as ErrorRecord {
                throw transformationError(e.message)
            }
        }
        if p.validates { try Validation.check(p, v, commandName, here, scope: validationScope) }
        bound[index] = v
        explicitlyBound.insert(index)
    }

    /// Whether any parameter takes pipeline input (by value or by property name).
    var takesPipelineInput: Bool {
        if plan == nil { plan = makePlan() }
        return plan.unsafelyUnwrapped.takesInput
    }

    /// Binds one pipeline object: by value to a parameter that takes pipeline input,
    /// else by property name.
    /// Which parameters take pipeline input, worked out once for the pipeline (the
    /// command-line arguments, and so the parameter set, do not change per object).
    private final class PipelinePlan {
        var byValue: [Int] = []
        var byName: [(Int, [String])] = []
        var mandatory: [Int] = []
        var takesInput = false
        /// The one parameter that takes each object as it is (InputObject of an untyped,
        /// unvalidated kind): bound without the general steps.
        var plainByValue: Int?
    }
    private var plan: PipelinePlan?

    private func makePlan() -> PipelinePlan {
        var set = candidateSet()
        // When the default set takes no pipeline input, a set that does is chosen (Get-Random).
        if let current = set, !parameters.contains(where: { p in
            p.entry(for: current).map { $0.fromPipeline || $0.fromPipelineByPropertyName } ?? false
        }) {
            let allowed = explicitSets()
            if let other = parameters.lazy.flatMap({ $0.sets }).first(where: { e in
                (e.fromPipeline || e.fromPipelineByPropertyName) && !e.set.isEmpty
                    && (allowed?.contains(e.set.lowercased()) ?? true)
            }) {
                set = other.set
            }
        }
        let plan = PipelinePlan()
        for (i, p) in parameters.enumerated() where !explicitlyBound.contains(i) {
            guard let e = p.entry(for: set) else { continue }
            if e.fromPipeline { plan.byValue.append(i) }
            if e.fromPipelineByPropertyName { plan.byName.append((i, [p.name] + p.aliases)) }
            if e.mandatory { plan.mandatory.append(i) }
        }
        plan.takesInput = parameters.contains { $0.sets.contains { $0.fromPipeline || $0.fromPipelineByPropertyName } }
        if plan.byValue.count == 1, plan.byName.isEmpty, plan.mandatory.isEmpty, case let p = parameters[plan.byValue[0]],
           !p.validates, !p.isSwitch, p.type == nil || p.type?.kind == .object {
            plan.plainByValue = plan.byValue[0]
        }
        return plan
    }

    /// Binds one pipeline object: by value to a parameter that takes pipeline input,
    /// else by property name.
    func bindPipeline(_ input: Value) throws {
        if plan != nil, let i = plan.unsafelyUnwrapped.plainByValue {
            // Rebinding the same parameter: what the last object bound is replaced.
            if pipelineBoundIndexes.count == 1 && pipelineBoundIndexes[0] == i || bound[i] == nil {
                bound[i] = input.normalized
                if pipelineBoundIndexes.isEmpty { pipelineBoundIndexes.append(i) }
                explicitlyBound.insert(i)
                return
            }
        }
        for i in pipelineBoundIndexes { bound[i] = nil; explicitlyBound.remove(i) }
        pipelineBoundIndexes.removeAll(keepingCapacity: true)
        if plan == nil { plan = makePlan() }
        let plan = self.plan!
        var boundAny = false
        // pwsh's order: by value where the object already has the parameter's type, then by
        // property name, and only then by value with a conversion (so that an object with a
        // LiteralPath property binds that, not its string form to Path).
        func byValue(coercing: Bool) {
            for i in plan.byValue where bound[i] == nil {
                if !coercing && !Self.fitsWithoutConversion(parameters[i], input) { continue }
                do {
                    try self.set(i, input)
                    pipelineBoundIndexes.append(i)
                    boundAny = true
                    break
                } catch {
                    continue
                }
            }
        }
        byValue(coercing: false)
        for (i, names) in plan.byName where bound[i] == nil {
            for name in names {
                if let v = Members.propertyIfPresent(input, name) {
                    try self.set(i, v)
                    pipelineBoundIndexes.append(i)
                    boundAny = true
                    break
                }
            }
        }
        if !boundAny { byValue(coercing: true) }
        // (A cmdlet or advanced function that takes no pipeline input refuses it too; a
        // simple function hands it to $input.)
        if !boundAny && (plan.takesInput || isAdvanced) {
            throw Errors.binding("The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.",
                                 id: "InputObjectNotBound", commandName, position)
        }
        if plan.mandatory.contains(where: { bound[$0] == nil }) {
            let missing = plan.mandatory.filter { bound[$0] == nil }
            throw Errors.binding("Cannot process command because of one or more missing mandatory parameters: \(missing.map { parameters[$0].name }.joined(separator: " ")).",
                                 id: "MissingMandatoryParameter", commandName, position)
        }
    }

    /// Whether a piped object is already of the parameter's type (no conversion needed).
    static func fitsWithoutConversion(_ p: ParameterInfo, _ v: Value) -> Bool {
        guard let t = p.type else { return true }
        let value = v.normalized
        switch t.kind {
        case .object, .psobject: return true
        case .array:
            // An element of the array's type binds (pwsh wraps it).
            if case .object(let o) = value, o.isEnumerable { return true }
            return t.element.map { e in e.kind == .object || TypeTests.isInstance(value, e) } ?? true
        default:
            return TypeTests.isInstance(value, t)
        }
    }

    /// `$PSBoundParameters`.
    func boundParameters(_ params: [ParameterInfo]) -> PSHashtable {
        let h = PSHashtable(ordered: true)
        for (i, p) in params.enumerated() where explicitlyBound.contains(i) {
            if let v = bound[i] { h[.string(p.name)] = v }
        }
        return h
    }

    func isBound(_ index: Int) -> Bool { explicitlyBound.contains(index) }
}

/// The parameters bound so far, by index.
struct BoundSet {
    private var flags: [Bool]
    init(count: Int) { flags = Array(repeating: false, count: count) }
    @inline(__always) func contains(_ i: Int) -> Bool { flags[i] }
    @inline(__always) mutating func insert(_ i: Int) { flags[i] = true }
    @inline(__always) mutating func remove(_ i: Int) { flags[i] = false }
}

/// `-name` given to a simple function that has no such parameter: it lands in `$args`
/// reading as "-name", and splatting `@args` passes it on as a parameter name again.
public final class ParameterToken: PSObjectBase {
    let name: String
    let usedColon: Bool
    init(_ name: String, usedColon: Bool) {
        self.name = name
        self.usedColon = usedColon
    }
    public override var typeName: String { "System.String" }
    public override func toString(_ context: ConversionContext) -> String { "-" + name + (usedColon ? ":" : "") }
}

/// A `[switch]` parameter's value.
public final class SwitchParameter: PSObjectBase {
    public let isPresent: Bool
    public init(_ isPresent: Bool) { self.isPresent = isPresent }
    public override var typeName: String { "System.Management.Automation.SwitchParameter" }
    public override func toString(_ context: ConversionContext) -> String { isPresent ? "True" : "False" }
    public override func getProperty(_ name: String) -> Value? {
        name.lowercased() == "ispresent" ? .bool(isPresent) : nil
    }
}
