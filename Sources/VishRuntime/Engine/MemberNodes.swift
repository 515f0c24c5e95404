import VishSyntax

/// `$x.Name`, `[type]::Name`, `$x?.Name`; on a collection without that member, the
/// member of each element (member enumeration).
final class MemberExpr: Expr {
    let target: Expr
    let member: Expr
    let constantName: String?
    let isStatic: Bool
    let nullConditional: Bool
    let position: ErrorPosition

    init(_ target: Expr, _ member: Expr, isStatic: Bool, nullConditional: Bool, _ range: SourceRange, _ position: ErrorPosition) {
        self.target = target
        self.member = member
        self.constantName = (member as? ConstantExpr).flatMap { if case .string(let n) = $0.value { return n }; return nil }
        self.isStatic = isStatic
        self.nullConditional = nullConditional
        self.position = position
        super.init(range)
    }

    /// An inline cache of the last custom object's shape this name was found in, and
    /// where: objects from one `[pscustomobject]@{…}` share their shape, so reading
    /// `$_.Name` across a pipeline of them skips the name search. `shapeNames` keeps the
    /// shape's storage alive, so that no other object's names can come to sit there.
    private var shapeNames: [String] = []
    private var shape: UnsafeRawPointer?
    private var shapePosition = 0

    override func eval(_ s: Scope) throws -> Value {
        let t = try target.eval(s)
        if nullConditional && t.isNullish { return .null }
        if !isStatic, let name = constantName, case .object(let o) = t, type(of: o) == PSCustomObject.self {
            let c = unsafeDowncast(o, to: PSCustomObject.self)
            if let shape, let v = c.value(ifShape: shape, at: shapePosition) { return v }
            if let p = c.position(name) {
                shapeNames = c.names
                shape = c.shape
                shapePosition = p
                return c.values[p]
            }
        }
        let name = try constantName ?? Convert.toString(try member.eval(s), ConversionContext())
        if isStatic {
            guard case .object(let o) = t, let type = o as? TypeObject else {
                throw Errors.invalidOperation("Unable to find type [\(Convert.toString(t, ConversionContext()))].", position)
            }
            return try StaticMembers.property(type.type, name, position, s)
        }
        return try Members.getProperty(t, name, s, position)
    }
}

/// `$x.Method(args)`, `[type]::Method(args)`.
final class InvokeMemberExpr: Expr {
    let target: Expr
    let member: Expr
    let arguments: [Expr]
    let isStatic: Bool
    let nullConditional: Bool
    let position: ErrorPosition

    init(_ target: Expr, _ member: Expr, _ arguments: [Expr], isStatic: Bool, nullConditional: Bool,
         _ range: SourceRange, _ position: ErrorPosition) {
        self.target = target
        self.member = member
        self.arguments = arguments
        self.isStatic = isStatic
        self.nullConditional = nullConditional
        self.position = position
        super.init(range)
    }

    override func eval(_ s: Scope) throws -> Value {
        let t = try target.eval(s)
        if nullConditional && t.isNullish { return .null }
        let name = Convert.toString(try member.eval(s), ConversionContext())
        var args: [Value] = []
        args.reserveCapacity(arguments.count)
        for a in arguments { args.append(try a.eval(s).normalized) }
        if isStatic {
            guard case .object(let o) = t, let type = o as? TypeObject else {
                throw Errors.invalidOperation("Unable to find type [\(Convert.toString(t, ConversionContext()))].", position)
            }
            return try StaticMembers.call(type.type, name, args, s, position)
        }
        return try Members.call(t, name, args, s, position)
    }
}

/// `$x[i]`, `$x?[i]`.
final class IndexExpr: Expr {
    let target: Expr
    let index: Expr
    let nullConditional: Bool
    let position: ErrorPosition

    /// `$h[$k]` on a hashtable in a slot variable: read in place.
    private let base: IntOperand

    init(_ target: Expr, _ index: Expr, nullConditional: Bool, _ range: SourceRange, _ position: ErrorPosition) {
        self.target = target
        self.index = index
        self.nullConditional = nullConditional
        self.position = position
        base = IntOperand(target)
        super.init(range)
    }

    override func eval(_ s: Scope) throws -> Value {
        if case .slot(let slot, let symbols, _) = base, s.has(symbols) {
            // The target is a plain variable: reading it after the index changes nothing.
            let idx = try index.eval(s)
            if let v = s.withSlotHashtable(slot, { $0.plainLookup(idx) }) { return v }
            let t = try target.eval(s)
            if nullConditional && t.isNullish { return .null }
            return try Indexing.get(t, idx, position)
        }
        let t = try target.eval(s)
        if nullConditional && t.isNullish { return .null }
        return try Indexing.get(t, try index.eval(s), position)
    }
}
