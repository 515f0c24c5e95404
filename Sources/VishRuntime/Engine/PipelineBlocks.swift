/// `… | ForEach-Object { … }` and `… | Where-Object { … }` with the block as their only
/// argument: the commonest pipeline stages, run without a binder. Nothing else can be
/// bound to them then, and per object they only take InputObject (untyped) and run the
/// block dot-sourced with `$_` set, as the cmdlets do (PipelineCommands.swift).
final class PipelineBlockProcessor: CommandProcessor {
    enum Kind { case forEach, filter }
    private let kind: Kind
    private let block: CompiledBlock
    private let scope: Scope
    private let truth = TruthSink()
    private var spareUnder: PSVariable?
    /// The block's statements and `$_`'s slot in `scope`, held as constants: read from the
    /// block on every object, the arrays would be retained and released each time.
    private let statements: [[Stmt]]
    private let underscoreSlot: Int
    /// `Where-Object { $_ % 3 -eq 0 }`: a filter that is one comparison, answered without
    /// making and emitting its value when its operands are ints.
    private let comparison: BinaryExpr?

    /// The fast form of a call, when it has that shape.
    static func make(_ info: CommandInfo, _ args: [CommandArgument], _ call: CommandCall) -> PipelineBlockProcessor? {
        guard call.expectingInput, call.invocation == .none, args.count == 1, args[0].parameterName == nil,
              case .object(let sb as ScriptBlockObject)? = args[0].value, info is CmdletInfo else { return nil }
        let kind: Kind
        switch info.name {
        case "ForEach-Object": kind = .forEach
        case "Where-Object": kind = .filter
        default: return nil
        }
        return PipelineBlockProcessor(kind, sb.block, sb.capturedScope ?? call.scope, name: info.name)
    }

    private init(_ kind: Kind, _ block: CompiledBlock, _ scope: Scope, name: String) {
        self.kind = kind
        self.block = block
        self.scope = scope
        statements = [block.begin, block.process, block.end].compactMap { $0 }
        underscoreSlot = scope.symbols.underscoreSlot ?? -1
        if kind == .filter, statements.count == 1, statements[0].count == 1, let e = statements[0][0] as? ExprStmt,
           let b = e.expr as? BinaryExpr, b.hasIntOperands {
            comparison = b
        } else {
            comparison = nil
        }
        super.init(commandName: name)
    }

    override func process(_ input: Value?) throws {
        let item = input?.normalized ?? .null
        switch kind {
        case .forEach:
            try run(item, output)
        case .filter:
            truth.reset()
            try run(item, truth)
            if truth.truth { try output.emit(item) }
        }
    }

    /// Runs the block dot-sourced with `$_` set to `item`, as `ScriptBlockInvoker.runDotSourced`
    /// does, with the variable's value moved in and out rather than copied.
    @inline(__always) private func run(_ item: Value, _ out: Sink) throws {
        let slot = underscoreSlot
        guard slot >= 0, slot < scope.slots.count else {
            try ScriptBlockInvoker.runDotSourced(block, scope, dollarUnder: item, out, spareUnder: &spareUnder)
            return
        }
        var value = item
        if let outer = scope.slots[slot] {
            // An enclosing stage's `$_` (this stage runs inside its block's output): takes
            // the item for this run, and its own value back after.
            swap(&outer.value, &value)
            defer { swap(&outer.value, &value) }
            try runStatements(out)
            return
        }
        // `$_` is made for the run and removed after; the variable is kept for the next
        // object unless something took hold of it.
        var variable: PSVariable? = nil
        swap(&variable, &spareUnder)
        if variable == nil || !isKnownUniquelyReferenced(&variable!) { variable = PSVariable("_", .null) }
        swap(&variable.unsafelyUnwrapped.value, &value)
        scope.slots.withUnsafeMutableBufferPointer { swap(&$0[slot], &variable) }
        defer {
            scope.slots.withUnsafeMutableBufferPointer { buf in
                if slot < buf.count { swap(&buf[slot], &spareUnder) }
            }
        }
        try runStatements(out)
    }

    @inline(__always) private func runStatements(_ out: Sink) throws {
        if let comparison, let t = comparison.intComparison(scope) {
            try out.emit(.bool(t))
            return
        }
        do {
            for list in statements { try BlockNode.runStatements(list, scope, out) }
        } catch let r as ErrorRecord {
            r.leavingCmdlet()
            throw r
        } catch {
            if !FlowSignal.isReturning(error) { throw error }
        }
    }
}
