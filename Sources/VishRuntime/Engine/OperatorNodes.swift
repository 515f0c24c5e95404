import VishSyntax

/// A binary operator. Arithmetic and comparisons on two Int32s take a fast path; the
/// general rules live in Arithmetic and Comparison.
final class BinaryExpr: Expr {
    let op: TokenKind
    let left: Expr
    let right: Expr
    let position: ErrorPosition

    /// `$n - 1`, `$i -lt $n`: operands that are int constants or slot variables of the
    /// compiled block, read in place (no node call, no copy) when both hold Int32s.
    private let leftOperand: IntOperand
    private let rightOperand: IntOperand

    /// The operator token, where a few operand errors are shown.
    let operatorPosition: ErrorPosition

    init(_ op: TokenKind, _ left: Expr, _ right: Expr, _ range: SourceRange, _ position: ErrorPosition,
         operatorPosition: ErrorPosition? = nil) {
        self.op = op
        self.left = left
        self.right = right
        self.position = position
        self.operatorPosition = operatorPosition ?? position
        switch op {
        case .plus, .minus, .multiply, .rem, .ilt, .clt, .ile, .cle, .igt, .cgt, .ige, .cge, .ieq, .ceq, .ine, .cne:
            leftOperand = IntOperand(left)
            rightOperand = IntOperand(right)
        default:
            leftOperand = .none
            rightOperand = .none
        }
        super.init(range)
    }

    override func eval(_ s: Scope) throws -> Value {
        if leftOperand.isKnown && rightOperand.isKnown,
           let a = leftOperand.read(s), let b = rightOperand.read(s),
           let v = Self.intOp(op, a, b) {
            return v
        }
        switch op {
        case .and:
            if !Convert.toBool(try left.eval(s)) { return .false }
            return .bool(Convert.toBool(try right.eval(s)))
        case .or:
            if Convert.toBool(try left.eval(s)) { return .true }
            return .bool(Convert.toBool(try right.eval(s)))
        case .questionQuestion:
            let l = try left.eval(s)
            return l.isNullish ? try right.eval(s) : l
        default:
            break
        }
        let l = try left.eval(s)
        let r = try right.eval(s)
        if case .int(let a) = l, case .int(let b) = r, let v = Self.intOp(op, a, b) { return v }
        do {
            return try Operators.binary(op, l, r, s, position)
        } catch let e as ErrorRecord where e.fullyQualifiedErrorId == "BadReplaceArgument" || e.fullyQualifiedErrorId == "InvalidSplitOptionCombination" {
            // These pwsh reports at the operator (ParserOps' errorPosition).
            e.position = operatorPosition
            e.atSequencePoint = false
            throw e
        }
    }

    /// Both operands can be read in place.
    var hasIntOperands: Bool { leftOperand.isKnown && rightOperand.isKnown }

    /// The Int32 result of `+ - * %` on in-place operands, or nil (read without side effects).
    @inline(__always) func intResult(_ s: Scope) -> Int32? {
        guard let a = leftOperand.read(s), let b = rightOperand.read(s), case .int(let v)? = Self.intOp(op, a, b) else { return nil }
        return v
    }

    override func truth(_ s: Scope) throws -> Bool {
        if let t = intComparison(s) { return t }
        return Convert.toBool(try eval(s))
    }

    /// The outcome of a comparison of in-place Int32 operands, or nil (another operator,
    /// or operands that are not such ints now). Read without side effects.
    @inline(__always) func intComparison(_ s: Scope) -> Bool? {
        guard leftOperand.isKnown && rightOperand.isKnown, let a = leftOperand.read(s), let b = rightOperand.read(s) else { return nil }
        switch op {
        case .ilt, .clt: return a < b
        case .ile, .cle: return a <= b
        case .igt, .cgt: return a > b
        case .ige, .cge: return a >= b
        case .ieq, .ceq: return a == b
        case .ine, .cne: return a != b
        default: return nil
        }
    }

    /// Int32 arithmetic and comparison without overflow; nil for the general path.
    @inline(__always) private static func intOp(_ op: TokenKind, _ a: Int32, _ b: Int32) -> Value? {
        switch op {
        case .plus:
            let (v, o) = a.addingReportingOverflow(b)
            return o ? nil : .int(v)
        case .minus:
            let (v, o) = a.subtractingReportingOverflow(b)
            return o ? nil : .int(v)
        case .multiply:
            let (v, o) = a.multipliedReportingOverflow(by: b)
            return o ? nil : .int(v)
        case .rem where b != 0:
            return .int(b == -1 ? 0 : a % b)
        case .ilt, .clt: return .bool(a < b)
        case .ile, .cle: return .bool(a <= b)
        case .igt, .cgt: return .bool(a > b)
        case .ige, .cge: return .bool(a >= b)
        case .ieq, .ceq: return .bool(a == b)
        case .ine, .cne: return .bool(a != b)
        default: return nil
        }
    }
}

/// An operand a binary operator can read in place: an Int32 constant, or a variable in
/// a slot of the block the operator was compiled in.
enum IntOperand {
    case none
    case constant(Int32)
    /// A slot variable; the node (owned by the operator) finds its slot when the block
    /// runs in another scope (a ForEach-Object body reading `$_`).
    /// The table is unretained (the node holds it) so that copies of an operand are plain
    /// bits: matching on a retained payload cost a retain and a release on every read.
    case slot(Int, Unmanaged<SymbolTable>, Unmanaged<VariableTarget>)
    /// `$_ % 3` inside `$_ % 3 -eq 0`: an int operation on such operands.
    case nested(Unmanaged<BinaryExpr>)

    init(_ e: Expr) {
        if let c = e as? ConstantExpr, case .int(let i) = c.value {
            self = .constant(i)
        } else if let v = e as? VariableTarget, case .local(let slot) = v.kind {
            self = .slot(slot, Unmanaged.passUnretained(v.symbols), Unmanaged.passUnretained(v))
        } else if let b = e as? BinaryExpr, b.hasIntOperands {
            self = .nested(Unmanaged.passUnretained(b))
        } else {
            self = .none
        }
    }

    @inline(__always) var isKnown: Bool {
        if case .none = self { return false }
        return true
    }

    /// The Int32 it holds now, or nil (not an int, not set, or another scope's table).
    @inline(__always) func read(_ s: Scope) -> Int32? {
        switch self {
        case .none: return nil
        case .constant(let i): return i
        case .slot(let slot, let symbols, let node):
            if s.has(symbols) { return s.slotInt(slot) }
            guard let foreign = node._withUnsafeGuaranteedRef({ $0.slot(in: s) }) else { return nil }
            return s.slotInt(foreign)
        case .nested(let node):
            return node._withUnsafeGuaranteedRef { $0.intResult(s) }
        }
    }
}

/// `-not`, `!`, `-bnot`, unary `-`/`+`, unary `-split`/`-join`.
final class UnaryExpr: Expr {
    let op: UnaryOperator
    let operand: Expr
    let position: ErrorPosition

    init(_ op: UnaryOperator, _ operand: Expr, _ range: SourceRange, _ position: ErrorPosition) {
        self.op = op
        self.operand = operand
        self.position = position
        super.init(range)
    }

    override func eval(_ s: Scope) throws -> Value {
        let v = try operand.eval(s)
        switch op {
        case .not, .exclaim: return .bool(!Convert.toBool(v))
        case .negate: return try Arithmetic.negate(v, position)
        case .plus: return try Arithmetic.plus(v, position)
        case .bnot: return try Arithmetic.bitwiseNot(v, position)
        case .split: return try StringOperators.unarySplit(v, s)
        case .csplit: return try StringOperators.unarySplit(v, s)
        case .join: return .string(StringOperators.join(v, separator: "", s))
        default: return v
        }
    }
}

/// `++$x`, `$x++`, `--$x`, `$x--`.
final class IncrementExpr: Expr {
    let target: AssignTarget
    let delta: Int32
    let prefix: Bool
    let position: ErrorPosition

    /// The target when it is a plain variable.
    let variableTarget: VariableTarget?

    init(_ target: AssignTarget, delta: Int32, prefix: Bool, _ range: SourceRange, _ position: ErrorPosition) {
        self.target = target
        self.variableTarget = target as? VariableTarget
        self.delta = delta
        self.prefix = prefix
        self.position = position
        super.init(range)
    }

    /// The statement form (`$i++;`): the value is not needed.
    @inline(__always) func step(_ s: Scope) throws {
        if variableTarget != nil, unretained(variableTarget!, { $0.addInPlace(.int(delta), s) }) { return }
        _ = try eval(s)
    }

    override func eval(_ s: Scope) throws -> Value {
        if let v = variableTarget, let variable = v.localVariable(s), variable.typeConstraint == nil, variable.options.isEmpty,
           case .int(let i) = variable.value {
            let (n, o) = i.addingReportingOverflow(delta)
            if !o {
                variable.value = .int(n)
                return prefix ? .int(n) : .int(i)
            }
        }
        let old = try target.read(s).normalized
        if !old.isNull && !Convert.isNumeric(old) && !Comparison.isChar(old) {
            throw Errors.runtime("The '\(delta > 0 ? "++" : "--")' operator works only on numbers. The operand is a '\(Convert.typeName(old))'.",
                                 id: "OperatorRequiresNumber", position)
        }
        let new = try Arithmetic.add(old.isNull ? .int(0) : old, .int(delta), position)
        try target.assign(new, s)
        return prefix ? new : old
    }
}

/// An increment used as a statement writes nothing (`$i++` alone outputs no value).
final class IncrementStmt: Stmt {
    let expr: IncrementExpr
    init(_ expr: IncrementExpr, _ range: SourceRange) {
        self.expr = expr
        super.init(range)
    }
    override func exec(_ s: Scope, _ out: Sink) throws {
        try expr.step(s)
    }
}
