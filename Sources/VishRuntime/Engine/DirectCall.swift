import VishSyntax

/// The common call `f $a 2` of a simple function, run without a pipeline: no binder,
/// no processor objects. Taken only when the outcome is the same as the general path's:
/// a simple (not advanced) function with only an end block and plain parameters, given
/// only positional values. Made once per call site, when the site has that shape.
final class DirectCallSite {
    let name: String
    let nameRange: SourceRange
    let position: ErrorPosition
    let args: [Expr]
    /// The same, called through without retaining (the site owns them).
    private let argRefs: [Unmanaged<Expr>]
    /// A bare number's text (`f 007`): a [string] parameter takes it as written.
    let argTexts: [String?]
    let argRanges: [SourceRange]
    private var function: FunctionInfo?
    /// What a call of `function` needs, worked out when the name was resolved; used by
    /// calls without retaining it (see `retired`).
    private var plan: DirectPlan? {
        didSet { planRef = plan.map { Unmanaged.passUnretained($0) } }
    }
    private var planRef: Unmanaged<DirectPlan>?
    /// Plans replaced while calls were still running on them: a call it makes may come back
    /// to this site and re-resolve it (any function defined anywhere moves the generation
    /// on). Kept until those calls are done.
    private var retired: [DirectPlan] = []
    private var seenGeneration = -1

    init?(_ spec: CommandSpec) {
        guard spec.invocation == .none, spec.redirections.isEmpty, spec.elements.count >= 1,
              case .name(let name, let nameRange) = spec.elements[0] else { return nil }
        var args: [Expr] = [], texts: [String?] = [], ranges: [SourceRange] = []
        for el in spec.elements.dropFirst() {
            guard case .value(let e, let r) = el else { return nil }
            args.append(e)
            texts.append((e as? NumberArgumentExpr)?.text)
            ranges.append(r)
        }
        self.name = name
        self.nameRange = nameRange
        self.position = spec.position
        self.args = args
        self.argRefs = args.map { Unmanaged.passUnretained($0) }
        self.argTexts = texts
        self.argRanges = ranges
    }

    /// Runs the call and returns true, or returns false for the general path.
    @inline(__always) func run(_ s: Scope, _ out: Sink) throws -> Bool {
        if seenGeneration != ResolvedCommand.generation { resolve(s) }
        guard let planRef else { return false }
        return try planRef._withUnsafeGuaranteedRef { plan in
            guard args.count <= plan.parameters.count else { return false }
            try call(plan, s, out)
            return true
        }
    }

    private func resolve(_ s: Scope) {
        seenGeneration = ResolvedCommand.generation
        let found = try? CommandResolver.resolve(name, s, ErrorPosition(source: position.source, range: nameRange))
        // The same function keeps its plan (and the scopes it keeps for reuse).
        if let f = found as? FunctionInfo, f === function, plan != nil { return }
        retired.removeAll { $0.depth == 0 }
        if let plan, plan.depth > 0 { retired.append(plan) }
        function = found as? FunctionInfo
        plan = function.flatMap { f in
            if f.block.isDirect == nil { f.block.isDirect = Self.isDirect(f.block) }
            return f.block.isDirect! ? DirectPlan(f) : nil
        }
    }

    private func call(_ plan: DirectPlan, _ s: Scope, _ out: Sink) throws {
        try s.withContext { context in
            try context.tick()
            context.callDepth += 1
            defer { context.callDepth -= 1 }
            if context.callDepth > ExecutionContext.maxCallDepth || !context.stack.hasRoom() {
                throw Errors.callDepthOverflow(position)
            }
            // One scope per recursion depth of this function, reused call after call; used
            // without retaining (the array holds it; a deeper call that grows the array moves
            // the reference, not the scope).
            let depth = plan.depth
            if depth == plan.scopes.count { plan.scopes.append(Scope(parent: nil, symbols: plan.symbols, context: context)) }
            let scopeRef = plan.scopes.withUnsafeBufferPointer { Unmanaged.passUnretained($0[depth]) }
            plan.depth = depth + 1
            defer {
                plan.depth = depth
                plan.scopes.withUnsafeMutableBufferPointer { buf in
                    if isKnownUniquelyReferenced(&buf[depth]) {
                        // A parameter's default may read a later one: that must find nothing in the
                        // new scope, so the variables are kept only when no parameter has a default.
                        Unmanaged<Scope>.fromOpaque(referenceBits(buf.baseAddress! + depth)!)._withUnsafeGuaranteedRef {
                            $0.clearForReuse(clearing: plan.clearedSlots, tableSize: plan.tableSize)
                        }
                    } else {
                        // Something kept it (a closure, a script block): the next call gets a new one.
                        buf[depth] = Scope(parent: nil, symbols: plan.symbols, context: context)
                    }
                }
            }
            try scopeRef._withUnsafeGuaranteedRef { scope in
            scope.parent = s
            try plan.parameters.withUnsafeBufferPointer { params in
                for i in 0..<params.count {
                    let p = Unmanaged.passUnretained(params[i])
                    let value = try p._withUnsafeGuaranteedRef { try argument(i, $0, plan.function, s, scope) }
                    let slot = plan.slots[i]
                    // The type and the kept variable are compared and used as bits: a typed
                    // load of either would be retained and released around the assignment.
                    let type = plan.types.withUnsafeBufferPointer { referenceBits($0.baseAddress! + i) }
                    scope.slots.withUnsafeMutableBufferPointer { buf in
                        // A kept variable is reused unless something else holds it (Get-Variable).
                        if let bits = referenceBits(buf.baseAddress! + slot), isKnownUniquelyReferenced(&buf[slot]) {
                            Unmanaged<PSVariable>.fromOpaque(bits)._withUnsafeGuaranteedRef { kept in
                                kept.value = value
                                if withUnsafePointer(to: &kept.typeConstraint, referenceBits) != type {
                                    kept.typeConstraint = plan.types[i]
                                }
                                if !kept.options.isEmpty { kept.options = [] }
                                if !kept.description.isEmpty { kept.description = "" }
                            }
                        } else {
                            buf[slot] = PSVariable(plan.names[i], value, type: plan.types[i])
                        }
                    }
                }
            }
            let saved = context.invocation
            context.invocation = Invocation(self)
            defer { context.invocation = saved }
            context.lastSucceeded = true
            do {
                try BlockNode.runStatements(plan.end, scope, out)
            } catch {
                if !FlowSignal.isReturning(error) { throw error }
            }
            context.lastSucceeded = true
            }
        }
    }

    /// The value parameter `i` takes: its argument converted to its type, else its default.
    @inline(__always) private func argument(_ i: Int, _ p: ParameterInfo, _ f: FunctionInfo, _ s: Scope,
                                            _ scope: Scope) throws -> Value {
        if i < args.count {
            var value = try argRefs[i]._withUnsafeGuaranteedRef { try $0.eval(s) }.normalized
            guard let t = p.type else { return value }
            if t.kind == .string, let text = argTexts[i] { value = .string(text) }
            do {
                return try Convert.to(t, value, position)
            } catch let e as ErrorRecord {
                // Shown under the argument, as the binder shows it.
                throw Errors.binding("Cannot process argument transformation on parameter '\(p.name)'. \(e.message)",
                                     id: "ParameterArgumentTransformationError", f.name,
                                     ErrorPosition(source: position.source, range: argRanges[i]),
                                     exception: "System.Management.Automation.ParameterBindingArgumentTransformationException")
            }
        }
        if let d = p.defaultValue {
            let value = try d.eval(scope)
            if let t = p.type { return try Convert.to(t, value.normalized, position) }
            return value
        }
        return p.type.map { Convert.defaultValue($0) } ?? .null
    }

    /// A function the direct path runs exactly as the general one would.
    private static func isDirect(_ b: CompiledBlock) -> Bool {
        !b.isAdvanced && b.begin == nil && b.process == nil && b.clean == nil && b.endTraps.isEmpty
            && !b.isFilter && b.mentions.isEmpty
            && b.parameters.allSatisfy { p in
                !p.isSwitch && p.sets.allSatisfy { !$0.mandatory && !$0.fromPipeline && !$0.fromPipelineByPropertyName && !$0.fromRemaining }
                    && p.validateSet == nil && p.validateRange == nil && !p.validateNotNull && !p.validateNotNullOrEmpty
                    && p.validateScript == nil && p.validatePattern == nil && p.validateLength == nil && p.validateCount == nil
                    && p.type?.kind != .bool && p.type?.kind != .switchParameter
            }
    }
}

/// A function's parameters and body as a direct call uses them: fixed when its name is
/// resolved, read on every call without retaining (all `let`).
final class DirectPlan {
    let function: FunctionInfo
    let symbols: SymbolTable
    let parameters: [ParameterInfo]
    let names: [String]
    let types: [PSType?]
    let slots: [Int]
    /// The slots a finished call's scope empties (the others, parameters, are kept for the
    /// next call), and the size of the table they were worked out from.
    let clearedSlots: [Int]
    let tableSize: Int
    let end: [Stmt]
    /// A scope for each recursion depth of the function, and the depth now.
    var scopes: [Scope] = []
    var depth = 0

    init(_ f: FunctionInfo) {
        let block = f.block
        function = f
        symbols = block.symbols
        parameters = block.parameters
        names = block.parameters.map(\.name)
        types = block.parameters.map(\.type)
        slots = block.parameterSlots
        let kept = block.parametersHaveDefaults ? [] : Set(block.parameterSlots)
        tableSize = block.symbols.count
        clearedSlots = (0..<tableSize).filter { !kept.contains($0) }
        end = block.end ?? []
    }
}

extension DirectCallSite: InvocationSource {
    var invocationName: String { function?.name ?? name }
    var invocationIsFunction: Bool { true }
    var invocationPosition: ErrorPosition { position }
}
