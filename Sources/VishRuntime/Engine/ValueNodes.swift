import VishSyntax

/// `"text $x $(…)"`.
final class ExpandableStringExpr: Expr {
    enum Part {
        case literal(String)
        case expr(Expr)
    }
    let parts: [Part]
    init(_ parts: [Part], _ range: SourceRange) {
        self.parts = parts
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        var out = ""
        let ctx = s.context.conversion(s)
        for p in parts {
            switch p {
            case .literal(let t): out += t
            case .expr(let e): out += Convert.toString(try e.eval(s), ctx)
            }
        }
        return .string(out)
    }
}

/// `a, b, c`.
final class ArrayLiteralExpr: Expr {
    let items: [Expr]
    init(_ items: [Expr], _ range: SourceRange) {
        self.items = items
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        // An AutomationNull element stays one (`[void]1, 2` has two elements; piping skips it).
        for e in items { values.append(try e.eval(s)) }
        return .object(PSArray(values))
    }
}

/// `@( … )`: the statements' output, always as an array.
final class ArrayExpr: Expr {
    let body: BlockNode
    init(_ body: BlockNode, _ range: SourceRange) {
        self.body = body
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        // A single expression that is already an array is not re-wrapped: @(1,2) is 1,2.
        if body.traps.isEmpty, body.statements.count == 1, let e = body.statements[0] as? ExprStmt {
            let v = try e.expr.eval(s)
            if case .object(let o) = v {
                if let a = o as? PSArray { return .object(PSArray(a.items)) }
                if o.isEnumerable { return .object(PSArray(o.enumerate())) }
                if o === AutomationNull.shared { return .object(PSArray([])) }
            }
            return .object(PSArray([v]))
        }
        let sink = CollectSink()
        do {
            try body.exec(s, sink)
        } catch {
            s.context.captureInterrupted(sink.items, by: error, preserving: false)
            throw error
        }
        return .object(PSArray(sink.items))
    }
}

/// `$( … )`: the statements' output as a value (one item, an array, or $null).
final class SubExpr: Expr {
    let body: BlockNode
    init(_ body: BlockNode, _ range: SourceRange) {
        self.body = body
        super.init(range)
    }
    /// Set when the subexpression is a statement of its own (see captureInterrupted).
    var preservesOutput = false
    override func eval(_ s: Scope) throws -> Value {
        let sink = CollectSink()
        do {
            try body.exec(s, sink)
        } catch {
            s.context.captureInterrupted(sink.items, by: error, preserving: preservesOutput)
            throw error
        }
        return sink.items.isEmpty ? AutomationNull.value : sink.result
    }
}

/// `( pipeline )`: a pipeline's value; an expression inside keeps its own value
/// (`(1,2)` stays an array, `($x = 5)` is 5).
final class ParenExpr: Expr {
    let inner: Stmt
    let innerExpr: Expr?
    let assignment: AssignStmt?
    let increment: IncrementExpr?
    /// Set when the parenthesis is a statement of its own (see captureInterrupted).
    var preservesOutput = false
    init(_ inner: Stmt, _ range: SourceRange) {
        self.inner = inner
        self.innerExpr = (inner as? ExprStmt)?.expr
        self.assignment = inner as? AssignStmt
        self.increment = (inner as? IncrementStmt)?.expr
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        if innerExpr != nil { return try unretained(innerExpr!) { try $0.eval(s) } }
        if increment != nil { return try unretained(increment!) { try $0.eval(s) } }
        if let a = assignment {
            try a.exec(s, NullSink.shared)
            return try a.target.read(s)
        }
        return try ValueSink.collect(s, preserving: preservesOutput) { sink in try unretained(inner) { try $0.exec(s, sink) } }
    }
}

/// `@{ key = value; … }`.
final class HashtableExpr: Expr {
    let entries: [(Expr, Stmt)]
    let ordered: Bool
    init(_ entries: [(Expr, Stmt)], ordered: Bool, _ range: SourceRange) {
        self.entries = entries
        self.ordered = ordered
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        let h = PSHashtable(ordered: ordered)
        h.capacity = entries.count    // (pwsh makes a literal's Hashtable with that capacity)
        for (k, v) in entries {
            let key = try k.eval(s).normalized
            let value = try Conditions.value(v, s).normalized
            if h.contains(key) {
                throw ErrorRecord("System.Management.Automation.RuntimeException",
                                  "Duplicate keys '\(Convert.toString(key, ConversionContext()))' are not allowed in hash literals.",
                                  id: "DuplicateKeyInHashLiteral", category: .invalidOperation,
                                  position: ErrorPosition(source: nil, range: k.range))
            }
            h[key] = value
        }
        return .object(h)
    }
}

/// `{ … }`: a script block value.
final class ScriptBlockExpr: Expr {
    let block: CompiledBlock
    init(_ block: CompiledBlock, _ range: SourceRange) {
        self.block = block
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        .object(ScriptBlockObject(block))
    }
}

/// `[int]`: a type as a value.
final class TypeExpr: Expr {
    let type: PSType
    init(_ type: PSType, _ range: SourceRange) {
        self.type = type
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value { .object(TypeObject(type, literal: true)) }
}

/// `[type]value`.
final class ConvertExpr: Expr {
    let type: PSType
    let operand: Expr
    let position: ErrorPosition
    init(_ type: PSType, _ operand: Expr, _ range: SourceRange, _ position: ErrorPosition) {
        self.type = type
        self.operand = operand
        self.position = position
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        let v = try operand.eval(s)
        if type.kind == .void { return AutomationNull.value }
        if type.kind == .string, case .object(let o) = v, o.isEnumerable {
            return .string(Convert.toString(v, s.context.conversion(s)))
        }
        return try Convert.to(type, v.normalized, position)
    }
}

/// `[ordered]@{…}` and `[pscustomobject]@{…}` build their objects directly so key order
/// is the literal's order.
final class CustomObjectExpr: Expr {
    let hashtable: HashtableExpr
    /// The property names, when every key is a distinct literal name (the usual
    /// `[pscustomobject]@{ Name = …; Size = … }`): no hashtable is built on the way.
    let literalNames: [String]?

    init(_ hashtable: HashtableExpr, _ range: SourceRange) {
        self.hashtable = hashtable
        var names: [String] = []
        for (k, _) in hashtable.entries {
            guard let c = k as? ConstantExpr, case .string(let name) = c.value,
                  name.lowercased() != "pstypename", !names.contains(where: { HashKey.sameIgnoringCase($0, name) }) else { break }
            names.append(name)
        }
        literalNames = names.count == hashtable.entries.count ? names : nil
        super.init(range)
    }

    override func eval(_ s: Scope) throws -> Value {
        if let names = literalNames {
            var values: [Value] = []
            values.reserveCapacity(names.count)
            try hashtable.entries.withUnsafeBufferPointer { buf in
                for i in 0..<buf.count {
                    let st = Unmanaged.passUnretained(buf[i].1)
                    values.append(try st._withUnsafeGuaranteedRef { try Conditions.value($0, s) }.normalized)
                }
            }
            return .object(PSCustomObject(names: names, values: values))
        }
        guard case .object(let o) = try hashtable.eval(s), let h = o as? PSHashtable else { return .null }
        let obj = PSCustomObject()
        for (k, v) in zip(h.keys, h.values) {
            let name = Convert.toString(k, ConversionContext())
            if name.utf8.count == 10 && name.lowercased() == "pstypename" {
                obj.extraTypeNames.insert(Convert.toString(v, ConversionContext()), at: 0)
            } else {
                obj.add(name, v)
            }
        }
        return .object(obj)
    }
}

/// `cond ? a : b`.
final class TernaryExpr: Expr {
    let condition: Expr, ifTrue: Expr, ifFalse: Expr
    init(_ c: Expr, _ t: Expr, _ f: Expr, _ range: SourceRange) {
        condition = c
        ifTrue = t
        ifFalse = f
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        Convert.toBool(try condition.eval(s)) ? try ifTrue.eval(s) : try ifFalse.eval(s)
    }
}

/// `[ref]$x`.
final class ReferenceExpr: Expr {
    let target: VariableTarget?
    let value: Expr?
    init(target: VariableTarget?, value: Expr?, _ range: SourceRange) {
        self.target = target
        self.value = value
        super.init(range)
    }
    override func eval(_ s: Scope) throws -> Value {
        if let target {
            // The variable is created if needed, so the callee can write to it.
            if target.variable(s) == nil { try target.assign(.null, s) }
            return .object(ReferenceObject(variable: target.variable(s), value: .null))
        }
        return .object(ReferenceObject(variable: nil, value: try value?.eval(s) ?? .null))
    }
}

/// A PSReference: `.Value` reads and writes the variable it was made from.
public final class ReferenceObject: PSObjectBase {
    let variable: PSVariable?
    var held: Value
    init(variable: PSVariable?, value: Value) {
        self.variable = variable
        self.held = value
    }
    public override var typeName: String { "System.Management.Automation.PSReference" }
    public override var propertyNames: [String] { ["Value"] }
    public override func getProperty(_ name: String) -> Value? {
        name.lowercased() == "value" ? (variable?.value ?? held) : nil
    }
    public override func setProperty(_ name: String, _ value: Value) -> Bool {
        guard name.lowercased() == "value" else { return false }
        try? set(value)
        return true
    }
    func set(_ value: Value) throws {
        if let variable {
            variable.value = try variable.typeConstraint.map { try Convert.to($0, value, .none) } ?? value
        } else {
            held = value
        }
    }
    public override func toString(_ context: ConversionContext) -> String { typeName }
}
