import VishSyntax

/// A statement list with its traps (a `{ }` body).
final class BlockNode {
    let statements: [Stmt]
    let traps: [TrapHandler]
    let range: SourceRange

    init(_ statements: [Stmt], traps: [TrapHandler], _ range: SourceRange) {
        self.statements = statements
        self.traps = traps
        self.range = range
    }

    @inline(__always) func exec(_ s: Scope, _ out: Sink) throws {
        if traps.isEmpty {
            try BlockNode.runStatements(statements, s, out)
        } else {
            try Traps.run(statements, traps, s, out)
        }
    }
}

/// An expression used as a statement: its value goes to the pipeline, unrolled.
final class ExprStmt: Stmt {
    let expr: Expr
    init(_ expr: Expr, _ range: SourceRange) {
        self.expr = expr
        super.init(range, pureExpr: expr)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        try emitEnumerated(try expr.eval(s), out)
    }
}

/// Assignments produce no output.
final class AssignStmt: Stmt {
    let target: AssignTarget
    let op: TokenKind
    let value: Stmt
    let valueExpr: Expr?
    let position: ErrorPosition

    /// The target when it is a plain variable (the common case, taken without a cast).
    let localTarget: VariableTarget?

    init(_ target: AssignTarget, _ op: TokenKind, _ value: Stmt, valueExpr: Expr?, _ range: SourceRange, _ position: ErrorPosition) {
        self.target = target
        self.localTarget = target as? VariableTarget
        self.op = op
        self.value = value
        self.valueExpr = valueExpr
        self.position = position
        super.init(range)
    }

    override func exec(_ s: Scope, _ out: Sink) throws {
        let rhs: Value
        if valueExpr != nil {
            rhs = try unretained(valueExpr!) { try $0.eval(s) }.normalized
        } else if let inner = value as? AssignStmt {
            // `$a = $b = 5`: the inner assignment's value is assigned on.
            try inner.exec(s, NullSink.shared)
            rhs = try inner.target.read(s)
        } else if let inc = value as? IncrementStmt {
            rhs = try inc.expr.eval(s)
        } else {
            rhs = try ValueSink.collect(s) { sink in try unretained(value) { try $0.exec(s, sink) } }
        }
        if op == .equals {
            try target.assign(rhs, s)
            return
        }
        if op == .questionQuestionEquals {
            if try target.read(s).isNullish { try target.assign(rhs, s) }
            return
        }
        if op == .plusEquals, localTarget != nil, unretained(localTarget!, { $0.addInPlace(rhs, s) }) { return }
        if op == .plusEquals, let vt = localTarget, let variable = vt.localVariable(s),
           variable.typeConstraint == nil, variable.options.isEmpty,
           Self.appendInPlace(variable, rhs, s) {
            return
        }
        if op == .plusEquals, let vt = localTarget, let variable = vt.localVariable(s), variable.typeConstraint == nil,
           variable.options.isEmpty, let sum = Arithmetic.fastAdd(variable.value, rhs) {
            variable.value = sum
            return
        }
        let current = try target.read(s)
        let result: Value
        switch op {
        case .plusEquals: result = try Arithmetic.add(current, rhs, position)
        case .minusEquals: result = try Arithmetic.subtract(current, rhs, position)
        case .multiplyEquals: result = try Arithmetic.multiply(current, rhs, position)
        case .divideEquals: result = try Arithmetic.divide(current, rhs, position)
        default: result = try Arithmetic.remainder(current, rhs, position)
        }
        try target.assign(result, s)
    }
}

extension AssignStmt {
    /// `$s += 'x'` and `$a += 1` in a loop: when nothing else holds the string or array,
    /// it grows in place, so the loop stays linear (pwsh copies each time; the result
    /// is the same, since no one can see the old value).
    static func appendInPlace(_ variable: PSVariable, _ rhs: Value, _ s: Scope) -> Bool {
        // The value is moved out of the variable first, so that the local is its only owner.
        if case .string = variable.value {
            var text = ""
            if case .string(let t) = variable.value { text = t }
            variable.value = .null
            text += Convert.toString(rhs, s.context.conversion(s))
            variable.value = .string(text)
            return true
        }
        var o: PSObjectBase
        if case .object(let x) = variable.value, x is PSArray { o = x } else { return false }
        variable.value = .null
        defer { variable.value = .object(o) }
        guard isKnownUniquelyReferenced(&o), let array = o as? PSArray, array.elementType == nil else { return false }
        if case .object(let r) = rhs, r.isEnumerable { array.items += r.enumerate() } else { array.items.append(rhs.normalized) }
        return true
    }
}

final class IfStmt: Stmt {
    let clauses: [(Stmt, BlockNode)]
    let elseBody: BlockNode?

    init(_ clauses: [(Stmt, BlockNode)], _ elseBody: BlockNode?, _ range: SourceRange) {
        self.clauses = clauses
        self.elseBody = elseBody
        super.init(range)
    }

    override func exec(_ s: Scope, _ out: Sink) throws {
        let taken = try clauses.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count {
                let condition = Unmanaged.passUnretained(buf[i].0)
                if try condition._withUnsafeGuaranteedRef({ try Conditions.test($0, s) }) {
                    try Unmanaged.passUnretained(buf[i].1)._withUnsafeGuaranteedRef { try $0.exec(s, out) }
                    return true
                }
            }
            return false
        }
        if !taken, elseBody != nil { try unretained(elseBody!) { try $0.exec(s, out) } }
    }
}

/// Evaluates a condition statement (a pipeline) for its truth.
enum Conditions {
    /// The condition of an if/while/do/for: an expression there is its own sequence point
    /// (an error in it is shown under the condition, not the whole statement).
    @inline(__always) static func test(_ st: Stmt, _ s: Scope) throws -> Bool {
        if st.pureExpr != nil {
            do {
                return try unretained(st.pureExpr!) { try $0.truth(s) }
            } catch let r as ErrorRecord where r.atSequencePoint {
                r.position.range = st.range
                r.atSequencePoint = false
                throw r
            }
        }
        let sink = TruthSink()
        try st.exec(s, sink)
        return sink.truth
    }

    @inline(__always) static func value(_ st: Stmt, _ s: Scope) throws -> Value {
        if st.pureExpr != nil { return try unretained(st.pureExpr!) { try $0.eval(s) } }
        return try ValueSink.collect(s) { sink in try st.exec(s, sink) }
    }
}

/// Loops share how they react to break and continue.
enum LoopControl {
    case next, stop

    /// Decides what a flow signal means for a loop labelled `label`; rethrows when it
    /// is meant for an outer loop.
    @inline(__always) static func handle(_ signal: FlowSignal, label: String?) throws -> LoopControl {
        switch signal {
        case .breakLoop(let l) where l == nil || l!.caseInsensitiveCompare(label ?? "") == .orderedSame:
            return .stop
        case .continueLoop(let l) where l == nil || l!.caseInsensitiveCompare(label ?? "") == .orderedSame:
            return .next
        default:
            throw signal
        }
    }
}

final class WhileStmt: Stmt {
    let label: String?
    let condition: Stmt
    let body: BlockNode
    let isDo: Bool
    let isUntil: Bool

    init(label: String?, _ condition: Stmt, _ body: BlockNode, isDo: Bool, isUntil: Bool, _ range: SourceRange) {
        self.label = label
        self.condition = condition
        self.body = body
        self.isDo = isDo
        self.isUntil = isUntil
        super.init(range)
    }

    override func exec(_ s: Scope, _ out: Sink) throws {
        if !isDo, !(try Conditions.test(condition, s)) { return }
        let context = s.context!
        while true {
            try context.tick()
            do {
                try body.exec(s, out)
            } catch let signal as FlowSignal {
                if try LoopControl.handle(signal, label: label) == .stop { return }
            }
            let c = try Conditions.test(condition, s)
            if c == isUntil { return }
        }
    }
}

final class ForStmt: Stmt {
    let label: String?
    let initializer: Stmt?
    let condition: Stmt?
    let iterator: Stmt?
    let body: BlockNode

    init(label: String?, _ initializer: Stmt?, _ condition: Stmt?, _ iterator: Stmt?, _ body: BlockNode, _ range: SourceRange) {
        self.label = label
        self.initializer = initializer
        self.condition = condition
        self.iterator = iterator
        self.body = body
        super.init(range)
    }

    override func exec(_ s: Scope, _ out: Sink) throws {
        if let i = initializer { try i.exec(s, out) }
        let context = s.context!
        let discard = NullSink.shared
        while true {
            try context.tick()
            if condition != nil, !(try unretained(condition!) { try Conditions.test($0, s) }) { return }
            do {
                try body.exec(s, out)
            } catch let signal as FlowSignal {
                if try LoopControl.handle(signal, label: label) == .stop { return }
            }
            if iterator != nil { try unretained(iterator!) { try $0.exec(s, discard) } }
        }
    }
}

final class ForEachStmt: Stmt {
    let label: String?
    let variable: VariableTarget
    let collection: Stmt
    let body: BlockNode

    init(label: String?, _ variable: VariableTarget, _ collection: Stmt, _ body: BlockNode, _ range: SourceRange) {
        self.label = label
        self.variable = variable
        self.collection = collection
        self.body = body
        super.init(range)
    }

    /// The body reads `$foreach` (the loop's enumerator) and may advance it.
    var exposesEnumerator = false

    override func exec(_ s: Scope, _ out: Sink) throws {
        if !exposesEnumerator, let r = collection.pureExpr as? BinaryExpr, r.op == .dotDot {
            // `foreach ($i in 1..$n)`: the numbers are made one at a time, not as an array first.
            let l = try r.left.eval(s), h = try r.right.eval(s)
            if let (a, b) = try Operators.intRange(l, h, r.position) {
                // Counted like a `for` loop: no array bounds it (1..[int]::MaxValue).
                let context = s.context!
                for i in stride(from: a, through: b, by: a <= b ? 1 : -1) {
                    try context.tick()
                    try variable.assign(.int(Int32(i)), s)
                    do {
                        try body.exec(s, out)
                    } catch let signal as FlowSignal {
                        if try LoopControl.handle(signal, label: label) == .stop { return }
                    }
                }
                return
            }
            try run(Operators.range(l, h, r.position), s, out)
            return
        }
        try run(try Conditions.value(collection, s), s, out)
    }

    private func run(_ value: Value, _ s: Scope, _ out: Sink) throws {
        if value.isNullish { return }
        let items: [Value]
        if case .object(let o) = value, o.isEnumerable { items = o.enumerate() } else { items = [value] }
        if exposesEnumerator {
            let e = EnumeratorObject(items)
            s.assign("foreach", .object(e))
            while e.moveNext() {
                try variable.assign(e.current, s)
                do {
                    try body.exec(s, out)
                } catch let signal as FlowSignal {
                    if try LoopControl.handle(signal, label: label) == .stop { return }
                }
            }
            return
        }
        for item in items {
            try variable.assign(item, s)
            do {
                try body.exec(s, out)
            } catch let signal as FlowSignal {
                if try LoopControl.handle(signal, label: label) == .stop { return }
            }
        }
    }
}

final class BreakStmt: Stmt {
    let label: Expr?
    let isContinue: Bool
    init(label: Expr?, isContinue: Bool, _ range: SourceRange) {
        self.label = label
        self.isContinue = isContinue
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        let name = try label.map { Convert.toString(try $0.eval(s), ConversionContext()) }
        throw isContinue ? FlowSignal.continueLoop(label: name) : FlowSignal.breakLoop(label: name)
    }
}

final class ReturnStmt: Stmt {
    let value: Stmt?
    init(_ value: Stmt?, _ range: SourceRange) {
        self.value = value
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        if let box = s.methodReturn {
            box.value = try value.map { try Conditions.value($0, s) }
            throw FlowSignal.returning
        }
        try value?.exec(s, out)
        throw FlowSignal.returning
    }
}

final class ExitStmt: Stmt {
    let value: Stmt?
    init(_ value: Stmt?, _ range: SourceRange) {
        self.value = value
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        var code: Int32 = 0
        if let v = value {
            let x = try Conditions.value(v, s)
            code = Int32(truncatingIfNeeded: (try? Convert.toInt64(x, nil)) ?? 0)
        }
        throw FlowSignal.exit(code: code)
    }
}

final class ThrowStmt: Stmt {
    let value: Stmt?
    let position: ErrorPosition
    init(_ value: Stmt?, _ range: SourceRange, _ position: ErrorPosition) {
        self.value = value
        self.position = position
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        // A bare `throw` in a catch block rethrows the error being handled.
        if value == nil, let current = s.context.catchStack.last { throw current }
        let v = try value.map { try Conditions.value($0, s) } ?? .null
        throw Errors.thrown(v, position)
    }
}

/// `function Name { }`: defines the function in the current scope when reached.
final class FunctionDefStmt: Stmt {
    let name: String
    let block: CompiledBlock
    init(_ name: String, _ block: CompiledBlock, _ range: SourceRange) {
        self.name = name
        self.block = block
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        var name = self.name
        var target = s
        // Only a scope names a scope: `a?b:c` is a name of its own.
        if let colon = name.firstIndex(of: ":"),
           case let qualifier = name[..<colon].lowercased(), ["global", "script", "local", "private"].contains(qualifier) {
            name = String(name[name.index(after: colon)...])
            if qualifier == "global" { target = s.globalScope } else if qualifier == "script" { target = s.scriptScope }
        }
        target.defineFunction(name.lowercased(), FunctionInfo(name: name, block: block))
    }
}

/// Statements Vish parses but does not run yet.
final class UnsupportedStmt: Stmt {
    let what: String
    let position: ErrorPosition
    init(_ what: String, _ range: SourceRange, _ position: ErrorPosition) {
        self.what = what
        self.position = position
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        throw ErrorRecord("System.NotSupportedException", "\(what) are not supported by Vish yet.",
                          id: "NotSupported", category: .notImplemented, position: position)
    }
}
